"""Headless Chromium (Debian's) driven by Playwright against a live server of the demo.

Skips with a reason when Playwright or Chromium is missing, so `make test` passes on a bare
machine. `.ci/run` installs Debian's chromium, so CI runs these tests.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

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


def pytest_collection_modifyitems(config, items):
    """A test of the seeded demo needs the test database (pytest-django creates it only when
    some test asks), and runs in a transaction that rolls back: the module's demo stays."""
    here = Path(__file__).parent  # the hook sees every item of the session: ours only
    for item in items:
        if not Path(item.path).is_relative_to(here):
            continue
        if "demo" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


def _playwright():
    return pytest.importorskip(
        "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
    )


# The seeded demo and its live server, shared by the browser modules that run one after
# the other in a worker (they are one xdist group): seeding it took a minute a module.
_DEMO: dict = {}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The two demo territories and a live server showing them, seeded once for the browser
    tests that follow one another, and flushed away after the last of them.

    Not pytest-django's ``live_server``: a test that uses it is transactional, and the flush
    after each test would empty the tables for the next one, so every test had to seed the
    demo again. The tests here only read (each in a transaction that rolls back), so the
    demo is seeded once, on an empty database as ``make demo`` does (the world of
    tests/world.py flushed away, Wagtail's root put back), database access stays open for the
    server's thread while they run, and ``pytest_runtest_teardown`` below flushes again and
    puts the world back before the first test of this process that is not a browser test.
    """
    _playwright()  # skip before seeding when there is no browser
    _chromium()
    if not _DEMO:
        _demo_start(django_db_blocker)
    return _DEMO["demo"]


def _demo_start(django_db_blocker):
    from pytest_django.live_server_helper import LiveServer

    from demo.seed import demo_seed
    from territories.tenancy import platform_wide
    from tests import world

    with django_db_blocker.unblock():
        # An in-memory SQLite database is shared with the server's thread (the same
        # connection, as pytest-django's live_server does); PostgreSQL sees committed rows.
        server = LiveServer("localhost")
        _DEMO["blocker"], _DEMO["server"] = django_db_blocker, server
        try:
            with platform_wide():
                _flush()
                world.ensure_wagtail_root()
                port = urlsplit(server.url).port
                report = demo_seed(port=port)
        except BaseException:
            _demo_stop()
            raise
    _DEMO["demo"] = {
        "port": port,
        "territories": report.territories,
        "report": report,
        "server": server,
    }


def _demo_stop(*, restore_world: bool = True):
    from territories.tenancy import platform_wide
    from tests import world

    blocker, server = _DEMO.pop("blocker"), _DEMO.pop("server")
    _DEMO.clear()
    try:
        server.stop()
    finally:
        if restore_world:
            with blocker.unblock(), platform_wide():
                _flush()
                world.restore()


HERE = Path(__file__).parent


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the test's own teardown (its module's browser closed): the demo goes when the
    next test of this process is not a browser test. After the last test, only the server
    stops, before the session's teardown drops the test database."""
    if _DEMO and nextitem is None:
        _demo_stop(restore_world=False)
    yield
    if _DEMO and not Path(nextitem.path).is_relative_to(HERE):
        _demo_stop()


def _flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def chromium(demo):
    """One browser per module (its event loop stops with it); *.localhost resolves to
    the live server's address."""
    sync_api = _playwright()
    executable = _chromium()
    address = urlsplit(demo["server"].url).hostname
    if address in (None, "localhost"):
        address = "127.0.0.1"
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP *.localhost {address}"]
    outer = {alias: connections[alias] for alias in connections}
    with sync_api.sync_playwright() as playwright:
        # Code inside sync_playwright() runs in another context (asgiref locals), where
        # Django would open connections of its own: a second SQLite connection locks tables
        # against the live server's, and a PostgreSQL one stayed open after the module and
        # blocked dropping the test database. The tests share the module's connection, as
        # the live server's thread does.
        for alias, connection in outer.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        yield browser
        browser.close()


@pytest.fixture
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")
