"""Headless Chromium (Debian's) driven by Playwright against pytest-django's live server.

Skips with a reason when Playwright or Chromium is missing, so `make test` passes on a bare
machine. `.ci/run` installs Debian's chromium, so CI runs these tests.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread: Django must not refuse the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="module")
def chromium(live_server):
    """One browser per module (its event loop stops with it); *.localhost resolves to
    the live server's address."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
    )
    executable = _chromium()
    address = urlsplit(live_server.url).hostname
    if address in (None, "localhost"):
        address = "127.0.0.1"
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP *.localhost {address}"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server, transactional_db):
    """The two demo territories, seeded inside the test: live_server tests are
    transactional and the flush after each one empties every table, Wagtail's root page
    and root collection included, so they are put back first."""
    from wagtail.models import Collection, Locale, Page

    from demo.seed import demo_seed
    from tests.factories import ensure_localize_permission

    port = urlsplit(live_server.url).port
    if not Page.objects.filter(depth=1).exists():
        locale, _created = Locale.objects.get_or_create(language_code="fr")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    ensure_localize_permission()
    report = demo_seed(port=port)
    return {"port": port, "territories": report.territories, "report": report}


@pytest.fixture
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")
