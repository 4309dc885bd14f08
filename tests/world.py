"""The test world: three provisioned territories, each with an editor and a moderator,
made once per test database (per xdist worker) instead of once per test.

``territory_provision`` builds about twenty pages with their revisions, four groups, their
permissions and a workflow: seconds per territory on the shared 2-core machines, which
``two_territories`` used to pay in every test. ``tests/conftest.py`` provisions the world
when the test database is created and commits it; each test then runs in a transaction
that rolls back to it, and its fixtures only look the rows up.

A transactional test (``transactional_db``, ``live_server``, ``django_db(transaction=True)``)
ends with a flush that empties every table, the world and Wagtail's root page included:
``tests/conftest.py`` puts both back after such a test (``restore``), whatever order the
tests run in.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Collection, Locale, Page

from territories.models import Territory

from .factories import UserFactory, ensure_localize_permission, make_territory

# name, hostname: the first two are ``two_territories``, all three ``three_territories``.
TERRITORIES = (
    ("Métropole de Lyonne", "lyonne.test"),
    ("Val de Sèvre", "sevre.test"),
    ("Pays des Combes", "combes.test"),
)
PEOPLE = {"editor": "Editors", "moderator": "Moderators"}


@dataclass
class Tenant:
    territory: Territory
    editor: object
    moderator: object
    host: str


def email(person: str, host: str) -> str:
    return f"{person}@{host}"


def ensure_wagtail_root() -> Page:
    """What data migrations leave behind (and a flush removes): the default locale, the root
    collection, the root page, wagtail-localize's submit_translation permission."""
    ensure_localize_permission()
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def is_complete() -> bool:
    hosts = [host for _name, host in TERRITORIES]
    emails = [email(person, host) for person in PEOPLE for host in hosts]
    return Territory.objects.filter(site__hostname__in=hosts).count() == len(
        hosts
    ) and get_user_model().objects.filter(email__in=emails).count() == len(emails)


def provision() -> None:
    """Create whatever of the world is missing (all of it after a flush). Idempotent."""
    ensure_wagtail_root()
    users = get_user_model().objects
    for name, host in TERRITORIES:
        territory = Territory.objects.filter(site__hostname=host).first()
        if territory is None:
            territory = make_territory(name, host)
        for person, role in PEOPLE.items():
            if not users.filter(email=email(person, host)).exists():
                user = UserFactory(email=email(person, host), last_name=f"{role} {name}")
                user.groups.add(territory.group_for(role))


def restore() -> None:
    if not is_complete():
        provision()


def tenant(index: int) -> Tenant:
    """Fresh objects for one test (no state memoised by an earlier test on a user)."""
    _name, host = TERRITORIES[index]
    territory = Territory.objects.select_related("site", "collection").filter(site__hostname=host)
    if not territory.exists():
        # Only if something emptied the database behind conftest's back: provisioned inside
        # this test's transaction, so correct, just slow.
        provision()
    users = get_user_model().objects
    return Tenant(
        territory=territory.get(),
        editor=users.get(email=email("editor", host)),
        moderator=users.get(email=email("moderator", host)),
        host=host,
    )
