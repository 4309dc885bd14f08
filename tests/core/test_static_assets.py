"""The public site's stylesheet stays small and its typeface is served by the site itself:
every url() of main.css is a file collectstatic finds, the preloaded font is one main.css
declares, and the Content-Security-Policy lets the page load fonts from its own origin."""

import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

MAIN_CSS = Path(settings.BASE_DIR) / "static" / "css" / "main.css"
FONT = "vendor/fontsource-public-sans/public-sans-latin-wght-normal.woff2"


def test_main_css_stays_under_30_kb():
    assert MAIN_CSS.stat().st_size < 30_000


def test_every_url_of_main_css_is_a_static_file():
    css = MAIN_CSS.read_text()
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert urls, "main.css declares its typeface's files"
    for url in urls:
        # relative to css/, as the manifest storage resolves it when it hashes main.css
        assert finders.find(posixpath.normpath(posixpath.join("css", url.strip("'\"")))), url


def test_typeface_is_vendored_with_its_licence():
    css = MAIN_CSS.read_text()
    assert '--font: "Public Sans", system-ui' in css
    assert css.count("font-display: swap") == css.count("@font-face") == 4
    folder = Path(finders.find(FONT)).parent
    assert "SIL Open Font License" in (folder / "LICENSE").read_text()


@pytest.mark.django_db
def test_pages_preload_the_typeface_and_the_policy_allows_it(client, two_territories):
    a, _ = two_territories
    response = client.get("/", HTTP_HOST=a.host, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    preload = re.search(r'<link rel="preload"[^>]*as="font"[^>]*>', html)
    assert preload, "base.html preloads the main font file"
    assert FONT in preload.group(0) and "crossorigin" in preload.group(0)
    assert FONT.rsplit("/", 1)[1] in MAIN_CSS.read_text()
    policy = response.headers.get("Content-Security-Policy", "")
    if policy:  # the policy may be report-only in some settings; then nothing blocks fonts
        assert re.search(r"font-src 'self'", policy)
