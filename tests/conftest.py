import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache

from territories.tenancy import platform_wide
from tests import world
from tests.factories import PASSWORD, UserFactory

# The pytest-django blocker, kept by django_db_setup for the teardown hook below (a hook
# cannot ask for fixtures).
_DB_BLOCKER = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, plus the world (tests/world.py) committed in it once:
    each test's transaction rolls back to it."""
    with django_db_blocker.unblock(), platform_wide():
        world.restore()
    _DB_BLOCKER.append(django_db_blocker)
    yield
    # The test database is gone from here on (the last test's teardown ends the session):
    # nothing to restore any more.
    _DB_BLOCKER.clear()


def _flushes(item) -> bool:
    """Whether pytest-django runs ``item`` as a TransactionTestCase, which ends with a flush
    (the same rule as pytest_django.fixtures._django_db_helper)."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database, put the world back at once, so
    that the next test finds it whichever order xdist and pytest-django chose.

    A hook and not an autouse fixture: the flush is the finalizer of pytest-django's
    ``_django_db_helper``, which may be set up before or after any fixture of ours (before,
    when ``live_server`` pulls it in from pytest-django's own autouse fixture), so only the
    end of the whole teardown is surely after it.

    Not before another transactional test: it would flush the world away again unused (the
    Redis-broker and worker tests follow one another in one xdist group). One that needs
    the world gets it from ``world.tenant``, which provisions what a flush removed."""
    try:
        return (yield)
    finally:
        if _DB_BLOCKER and nextitem is not None and _flushes(item) and not _flushes(nextitem):
            with _DB_BLOCKER[0].unblock(), platform_wide():
                world.restore()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make ``xdist_group`` work again under ``--dist loadgroup``.

    pytest-xdist 3.8 (the newest) groups a test by setting ``item._nodeid`` to
    ``"<nodeid>@<group>"``; since pytest 9.2 ``item.nodeid`` is ``str(item._id)``, so the
    suffix is lost and a group's tests are spread over the workers: the Redis-broker tests
    ran side by side, the browser module seeded the demo in each worker. Runs after xdist's
    hook and does nothing where its suffix took (an older pytest, a fixed xdist)."""
    if not config.getoption("loadgroup", default=False):  # set in xdist workers only
        return
    try:
        from _pytest.nodeid import NodeId
    except ImportError:  # a pytest without structured node ids: xdist's own way works
        return
    for item in items:
        groups = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        grouped = item.nodeid.rfind("@") > item.nodeid.rfind("]")  # xdist's own test
        if groups and not grouped:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(groups))}")


@pytest.fixture(autouse=True)
def _platform_wide(request):
    """Test code (fixtures, factories, assertions) works across territories, like a
    management command; requests made through a client run in the scope that
    TerritoryScopeMiddleware opens, as in production. A test marked ``no_scope`` runs
    with no scope at all, to prove that a query outside one raises."""
    if request.node.get_closest_marker("no_scope"):
        yield
        return
    with platform_wide():
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # The world's rows outlive each test, and so would their cached copies (the territory
    # by host, Wagtail's site root paths): every test starts with an empty cache, and with
    # no page kept in this process (TERRITORIA_PAGE_CACHE_LOCAL_SECONDS).
    from core.page_cache import local_forget

    cache.clear()
    local_forget()
    yield
    cache.clear()
    local_forget()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def two_territories(db):
    """Two provisioned territories (fr + en), each with an editor and a moderator: the
    world's rows (tests/world.py), made once per test database; changes roll back."""
    return world.tenant(0), world.tenant(1)


@pytest.fixture
def three_territories(db):
    return world.tenant(0), world.tenant(1), world.tenant(2)


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def one_rate_window():
    """The public forms' rate limit (django-ratelimit) counts in fixed windows, each ending
    at a wall-clock second that depends on the client's address (127.0.0.1's hourly window
    ends at 30:32 past the hour, its 10-minute one at 32 s past each tenth minute): a test's
    submissions that straddle that second are counted in two windows and never reach the
    limit, whatever else ran. With this fixture the limit reads one instant for the whole
    test, so its submissions fall in one window; the rest of the clock is untouched."""
    moment = time.time()
    with mock.patch("django_ratelimit.core.time", SimpleNamespace(time=lambda: moment)):
        yield moment
