"""The tenancy mechanism itself: scopes, the registry and its checks, per-territory
permissions, archiving, declarations and the overrides that fail loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import isolate_apps
from django.urls import reverse
from django_scopes import ScopeError

from attractiveness.models import KeyFigure
from territories import checks, features, membership
from territories.middleware import TerritoryScopeMiddleware
from territories.overrides import installed, override
from territories.services import territory_archive, territory_restore, territory_sync
from territories.tenancy import REGISTRY, TerritoryOwned, territory_scope
from tests.factories import make_member
from tests.territories.isolation_world import admin_client, is_denied
from tests.testapp.models import Gadget, GadgetPart

# --- Scopes -------------------------------------------------------------------------------


@pytest.mark.no_scope
@pytest.mark.django_db
def test_a_query_outside_any_scope_raises():
    with pytest.raises(ScopeError):
        list(Gadget.objects.all())
    with pytest.raises(ScopeError):
        Gadget.objects.filter(name="x").exists()
    with pytest.raises(ScopeError):
        list(GadgetPart.objects.all())


@pytest.mark.django_db
def test_a_scope_shows_its_territories_rows_only(two_territories):
    a, b = two_territories
    Gadget.objects.create(territory=a.territory, name="A's")
    Gadget.objects.create(territory=b.territory, name="B's")
    with territory_scope(a.territory):
        assert [g.name for g in Gadget.objects.all()] == ["A's"]
        assert [g.name for g in a.territory and Gadget.objects.filter(name="B's")] == []
    with territory_scope([]):
        assert not Gadget.objects.exists()
    with territory_scope(None):
        assert Gadget.objects.count() == 2


@pytest.mark.django_db
def test_a_row_owned_through_a_relation_is_scoped_by_it(two_territories):
    a, b = two_territories
    part = GadgetPart.objects.create(
        gadget=Gadget.objects.create(territory=b.territory, name="B's"), label="B's part"
    )
    with territory_scope(a.territory):
        assert not GadgetPart.objects.filter(pk=part.pk).exists()
        with pytest.raises(ScopeError):  # and cannot be written there either
            GadgetPart(gadget=part.gadget, label="forged").save()
    with territory_scope(b.territory):
        assert GadgetPart.objects.get().label == "B's part"


@pytest.mark.django_db
def test_a_write_into_another_territory_is_refused_whatever_the_caller(two_territories):
    a, b = two_territories
    with territory_scope(a.territory), pytest.raises(ScopeError):
        Gadget(territory=b.territory, name="forged").save()
    assert not Gadget.objects.filter(name="forged").exists()


def test_scope_errors_become_a_404_where_they_do_not_raise(db):
    def leaking_view(request):
        raise ScopeError("a query forgot its scope")

    middleware = TerritoryScopeMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/fr/", HTTP_HOST="localhost")
    request.territory, request.is_platform = None, True
    with override_settings(TERRITORIA_SCOPE_ERRORS_RAISE=False):
        try:
            leaking_view(request)
        except ScopeError as error:
            response = middleware.process_exception(request, error)
    assert response.status_code == 404
    with override_settings(TERRITORIA_SCOPE_ERRORS_RAISE=True):
        assert middleware.process_exception(request, ScopeError()) is None  # re-raised


# --- Registry and checks -------------------------------------------------------------------


def test_territory_owned_models_are_registered_where_they_are_defined():
    assert REGISTRY[KeyFigure] == "territory"
    assert REGISTRY[Gadget] == "territory"
    assert REGISTRY[GadgetPart] == "gadget__territory"
    assert checks.check_territory_owned_models() == []
    assert checks.check_viewsets() == []


@isolate_apps("tests.testapp")
def test_the_check_rejects_a_model_that_forgot():
    class Forgetful(models.Model):
        territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE)

        class Meta:
            app_label = "testapp"

    class Exempt(models.Model):
        territory_exempt = "platform-wide statistics"
        territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE)

        class Meta:
            app_label = "testapp"

    class WrongManager(TerritoryOwned):
        objects = models.Manager()

        class Meta:
            app_label = "testapp"

    errors = checks.check_territory_owned_models(
        app_configs=[
            type("Config", (), {"get_models": lambda self: [Forgetful, Exempt, WrongManager]})()
        ]
    )
    assert [(error.obj, error.id) for error in errors] == [
        (Forgetful, "territories.E001"),
        (WrongManager, "territories.E002"),
    ]


def test_the_check_rejects_a_viewset_without_the_mixin():
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet

    class UnscopedGadgetViewSet(ModelViewSet):
        model = Gadget
        form_fields = ["name"]

    checks.check_viewsets()  # loads the registered viewsets first
    viewsets.viewsets.append(UnscopedGadgetViewSet("unscoped-gadgets"))
    try:
        errors = checks.check_viewsets()
    finally:
        viewsets.viewsets.pop()
    assert [error.id for error in errors] == ["territories.E003"]


def test_the_version_check_names_what_the_overrides_were_verified_against():
    from territories.overrides import VERIFIED

    assert checks.check_override_versions() == []
    VERIFIED["wagtail"], saved = "0.0", VERIFIED["wagtail"]
    try:
        (warning,) = checks.check_override_versions()
    finally:
        VERIFIED["wagtail"] = saved
    assert warning.id == "territories.W001" and "0.0" in warning.msg


# --- Overrides fail loudly ------------------------------------------------------------------


def test_an_override_of_a_missing_or_reshaped_target_stops_the_start():
    class Upstream:
        def listing(self, request):
            return "upstream"

    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        override(Upstream, "renamed_listing", ["self", "request"])(lambda original, self, r: 1)
    with pytest.raises(ImproperlyConfigured, match="expected"):
        override(Upstream, "listing", ["self", "request", "extra"])(lambda original, self, r: 1)

    @override(Upstream, "listing", ["self", "request"])
    def listing(original, self, request):
        return f"scoped {original(request)}"

    assert Upstream().listing(None) == "scoped upstream"
    installed.pop((Upstream, "listing"))


def test_every_override_is_in_place():
    from wagtail.admin.forms import WagtailAdminModelForm
    from wagtail.admin.views.bulk_action import BulkAction
    from wagtail.admin.views.chooser import ChosenMultipleView
    from wagtail_localize.views import edit_translation

    for owner, name in [
        (WagtailAdminModelForm, "__init__"),
        (BulkAction, "get_actionable_objects"),
        (ChosenMultipleView, "get"),
        (edit_translation, "user_can_edit_instance"),
    ]:
        assert (owner, name) in installed
        assert getattr(owner, name).__wrapped__ is installed[(owner, name)]


# --- Forms --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_plain_form_still_refuses_another_territorys_id(two_territories):
    a, b = two_territories
    client = admin_client(a.editor)
    response = client.post(reverse("gadgets:add"), {"territory": b.territory.pk, "name": "forged"})
    assert response.status_code == 200  # the form again, with its error
    assert "territory" in response.context["form"].errors
    assert not Gadget.objects.filter(name="forged").exists()
    response = client.post(reverse("gadgets:add"), {"territory": a.territory.pk, "name": "mine"})
    assert response.status_code == 302
    assert Gadget.objects.get(name="mine").territory == a.territory


@pytest.mark.django_db
def test_editing_another_territorys_row_is_a_404_and_changes_nothing(two_territories):
    a, b = two_territories
    theirs = Gadget.objects.create(territory=b.territory, name="theirs")
    client = admin_client(a.editor)
    for url in (
        reverse("gadgets:edit", args=[theirs.pk]),
        reverse("gadgets:delete", args=[theirs.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"territory": a.territory.pk, "name": "stolen"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.territory) == ("theirs", b.territory)


# --- Permissions through the territory's own groups ----------------------------------------


@pytest.mark.django_db
def test_a_role_counts_only_in_the_territory_that_grants_it(two_territories):
    """A Developer of A (reads gadgets) who is an Editor of B (manages them) reads A's,
    manages B's, and cannot change A's."""
    a, b = two_territories
    person = make_member(a.territory, "Developers")
    person.groups.add(b.territory.group_for("Editors"))
    ours = Gadget.objects.create(territory=a.territory, name="A gadget")
    theirs = Gadget.objects.create(territory=b.territory, name="B gadget")
    client = admin_client(person)
    listing = client.get(reverse("gadgets:index")).content.decode()
    assert "A gadget" in listing and "B gadget" in listing
    assert client.get(reverse("gadgets:edit", args=[theirs.pk])).status_code == 200
    assert is_denied(client.get(reverse("gadgets:edit", args=[ours.pk])))
    response = client.post(reverse("gadgets:add"), {"territory": a.territory.pk, "name": "x"})
    assert "territory" in response.context["form"].errors  # may add in B only
    # Key figures: Editors of B only; a Developer of A has no right on A's.
    assert membership.territory_ids_with_permission(
        person, [p.pk for p in features_permissions("attractiveness.change_keyfigure")]
    ) == {b.territory.pk}


@pytest.mark.django_db
def test_a_requests_permission_questions_are_one_query_and_each_counts_in_its_territory(
    two_territories, django_assert_num_queries
):
    """Every permission set asked for a user (an admin page asks a dozen: its menu, its
    listing, its buttons) is answered from one query of the user's (permission, territory)
    links: a Developer of A who is an Editor of B holds B's editing rights in B only, an
    archived territory's rights count nowhere, and a group change is seen after ``forget``."""
    a, b = two_territories
    person = make_member(a.territory, "Developers")
    person.groups.add(b.territory.group_for("Editors"))
    change = [p.pk for p in features_permissions("attractiveness.change_keyfigure")]
    view = [p.pk for p in features_permissions("attractiveness.view_keyfigure")]
    gadgets = [p.pk for p in features_permissions("testapp.change_gadget")]
    membership.forget(person)
    with django_assert_num_queries(1):
        assert membership.territory_ids_with_permission(person, change) == {b.territory.pk}
        membership.territory_ids_with_permission(person, view)
        membership.territory_ids_with_permission(person, gadgets)
        assert membership.territory_ids_with_permission(person, []) == set()
    territory_archive(territory=b.territory)
    membership.forget(person)
    assert membership.territory_ids_with_permission(person, change) == set()
    territory_restore(territory=b.territory)
    person.groups.remove(b.territory.group_for("Editors"))
    membership.forget(person)
    assert membership.territory_ids_with_permission(person, change) == set()


def features_permissions(dotted):
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@pytest.mark.django_db
def test_archiving_a_territory_leaves_its_members_only_their_live_territories(two_territories):
    a, b = two_territories
    person = make_member(a.territory, "Editors")
    person.groups.add(b.territory.group_for("Editors"))
    page_of_a = a.territory.site.root_page
    territory_archive(territory=a.territory)
    client = admin_client(person)
    assert is_denied(client.get(reverse("wagtailadmin_pages:edit", args=[page_of_a.pk])))
    assert (
        client.get(
            reverse("wagtailadmin_pages:edit", args=[b.territory.site.root_page_id])
        ).status_code
        == 200
    )
    assert membership.territory_ids_for(person) == {b.territory.pk}
    territory_restore(territory=a.territory)
    membership.forget(person)
    client = admin_client(person)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page_of_a.pk])).status_code == 200


# --- Declarations -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sync_brings_a_territory_up_to_date_with_the_declarations(two_territories):
    from wagtail.models import Page

    a, _b = two_territories
    editors = a.territory.group_for("Editors")
    editors.permissions.clear()  # as if the app's roles were declared after provisioning
    news = Page.objects.descendant_of(a.territory.site.root_page).filter(slug="actualites")
    news.first().delete()  # as if the section had been declared later
    territory_sync(territory=a.territory)
    assert news.exists()
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.all()}
    assert features.role_permissions()["Editors"] <= granted
    before = Page.objects.count()
    territory_sync(territory=a.territory)  # idempotent
    assert Page.objects.count() == before


@pytest.mark.django_db
def test_migrate_brings_existing_territories_up_to_date(two_territories):
    """An app added (or a role extended) after a territory was provisioned reaches it at the
    next ``migrate``, through the post_migrate receiver."""
    from django.apps import apps

    from territories.apps import sync_after_migrate

    a, b = two_territories
    for tenant in (a, b):
        tenant.territory.group_for("Developers").permissions.clear()
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    sync_after_migrate(sender=apps.get_app_config("territories"), plan=[])  # not the last app
    assert not a.territory.group_for("Developers").permissions.exists()
    sync_after_migrate(sender=last, plan=[])
    for tenant in (a, b):
        codenames = set(
            tenant.territory.group_for("Developers").permissions.values_list("codename", flat=True)
        )
        assert {"view_gadget", "access_admin"} <= codenames
