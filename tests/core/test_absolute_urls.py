"""Absolute URLs (canonical, hreflang, og:image, sitemaps, robots.txt, the 404's directory
link) come from the Site record or TERRITORIA_PLATFORM_URL, never from the Host header: a
visitor who plants a port must not see it, and above all must not plant it in the page cache
that every later visitor is served from."""

import pytest
from django.test import override_settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from core.page_cache import CACHE_HEADER

pytestmark = pytest.mark.django_db

PLANTED = ":9999"


def planted(client, tenant, path):
    return client.get(path, HTTP_HOST=tenant.host + PLANTED)


def test_a_planted_port_never_reaches_the_cached_home_page(client, two_territories):
    a, _ = two_territories
    first = planted(client, a, "/fr/")
    assert (first.status_code, first[CACHE_HEADER]) == (200, "miss")
    body = first.content.decode()
    assert 'hreflang="en"' in body and 'rel="canonical"' in body
    assert f'href="http://{a.host}/en/"' in body  # hreflang on the Site's root URL
    assert PLANTED not in body
    again = client.get("/fr/", HTTP_HOST=a.host)
    assert again[CACHE_HEADER] == "hit" and PLANTED not in again.content.decode()


def test_og_image_is_on_the_sites_root_url(client, two_territories):
    a, _ = two_territories
    home = a.territory.site.root_page.specific
    image = Image.objects.create(
        title="og", file=get_test_image_file(), collection=a.territory.collection
    )
    home.og_image = image
    home.save_revision().publish()
    body = planted(client, a, "/fr/").content.decode()
    assert f'<meta property="og:image" content="http://{a.host}/media/images/' in body
    assert PLANTED not in body


def test_sitemap_and_robots_use_the_site_record(client, two_territories):
    a, _ = two_territories
    sitemap = planted(client, a, "/sitemap.xml")
    assert sitemap.status_code == 200
    assert f"<loc>http://{a.host}/fr/</loc>" in sitemap.content.decode()
    assert PLANTED not in sitemap.content.decode()
    robots = planted(client, a, "/robots.txt").content.decode()
    assert f"Sitemap: http://{a.host}/sitemap.xml" in robots and PLANTED not in robots


@override_settings(TERRITORIA_PLATFORM_URL="https://portail.example.fr")
def test_the_platform_host_uses_its_configured_url(client, two_territories):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="localhost" + PLANTED).content.decode()
    assert "<loc>https://portail.example.fr/fr/</loc>" in sitemap and PLANTED not in sitemap
    robots = client.get("/robots.txt", HTTP_HOST="localhost" + PLANTED).content.decode()
    assert "Sitemap: https://portail.example.fr/sitemap.xml" in robots
    directory = client.get("/fr/", HTTP_HOST="localhost" + PLANTED).content.decode()
    assert PLANTED not in directory
    # An unknown host's 404 links to the directory at its configured URL.
    unknown = client.get("/fr/", HTTP_HOST="nowhere.test" + PLANTED)
    assert unknown.status_code == 404
    assert 'href="https://portail.example.fr/"' in unknown.content.decode()
