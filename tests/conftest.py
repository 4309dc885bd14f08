from dataclasses import dataclass

import pytest
from django.core.cache import cache

from territories.tenancy import platform_wide
from tests.factories import PASSWORD, UserFactory, make_member, make_territory


@dataclass
class Tenant:
    territory: object
    editor: object
    moderator: object
    host: str


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
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


def _tenant(name, host):
    territory = make_territory(name, host)
    return Tenant(
        territory=territory,
        editor=make_member(territory, "Editors"),
        moderator=make_member(territory, "Moderators"),
        host=host,
    )


@pytest.fixture
def two_territories(db):
    """Two provisioned territories (fr + en), each with an editor and a moderator."""
    return _tenant("Métropole de Lyonne", "lyonne.test"), _tenant("Val de Sèvre", "sevre.test")


@pytest.fixture
def three_territories(db, two_territories):
    return (*two_territories, _tenant("Pays des Combes", "combes.test"))


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)
