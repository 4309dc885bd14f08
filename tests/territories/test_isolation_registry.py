"""Every admin URL of every territory-owned model, against another territory's row.

Parametrised over ``territories.tenancy.REGISTRY`` and the admin viewsets registered for
each model (snippets and their choosers included), URL pattern by URL pattern, as each
viewset declares them (``viewset.get_urlpatterns()``). A URL naming an object is asked for
territory B's row, in GET and in POST, by A's editor, A's moderator, and an editor of A who
is also in a group of B with no right on the model (B is then in their territory scope:
only the permission policy and ``TerritoryOwnedViewSetMixin`` keep B's rows from them). It
must be refused (403, 404, 405 for a POST, or Wagtail's permission-denied redirect), with
nothing of B in the answer and every row of the model left as it was. A URL naming no
object (listings, results, choosers, create forms) must show nothing of B, even asked for
B's id or searched for B's row.

Positive controls: A's own row answers the same URLs for A's moderator, and A's listings
show it, so a URL that refuses everybody (wrong arguments) cannot pass for a safe one.

Rows come from ``tests/factories/owned.py``: a registered model without a factory fails
here, so a new territory-owned model is covered by giving it one.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from territories.features import ROLES
from territories.tenancy import REGISTRY
from tests.factories import make_member
from tests.factories.owned import OWNED_FACTORIES
from tests.territories.isolation_world import admin_client, is_denied

OWN, OTHER = "ZOWNROW", "ZOTHERROW"

# URL arguments naming the object itself.
PK_ARGUMENTS = {"pk", "object_id", "instance_id", "id"}


def registered_viewsets():
    """(model, viewset) for every admin viewset of a territory-owned model. Wagtail fills
    its registry when the admin URLconf is first loaded: load it."""
    get_resolver().url_patterns  # noqa: B018
    return [
        (viewset.model, viewset)
        for viewset in viewsets.viewsets
        if getattr(viewset, "model", None) in REGISTRY
    ]


def arguments(pattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return list(converters)
    return list(pattern.pattern.regex.groupindex)


def url_cases():
    cases = []
    for model, viewset in registered_viewsets():
        for pattern in viewset.get_urlpatterns():
            if pattern.name:
                cases.append(
                    pytest.param(
                        model,
                        viewset,
                        pattern,
                        id=f"{model.__name__}-{viewset.url_namespace}:{pattern.name}",
                    )
                )
    return cases


def other_argument(name: str, obj):
    """A value for a URL argument that is not the object's pk: the object's own when it has
    one (its latest revision, its workflow state), else a placeholder. The view must refuse
    on the pk before it looks at any of these."""
    if name == "revision_id":
        return getattr(obj, "latest_revision_id", None) or 1
    if name == "revision_id_a":
        return "earliest"
    if name == "revision_id_b":
        return "latest"
    if name == "action_name":
        return "approve"
    if name in ("task_state_id", "workflow_state_id", "task_id"):
        state = getattr(obj, "current_workflow_state", None)
        if state is not None:
            task_state = state.current_task_state
            return {
                "workflow_state_id": state.pk,
                "task_state_id": task_state.pk if task_state else 1,
                "task_id": task_state.task_id if task_state else 1,
            }[name]
        return 1
    pytest.fail(
        f"Unknown URL argument {name!r}: teach other_argument() in {__name__} what to put "
        "there, so that the URL is tried against another territory's object."
    )


def url_for(viewset, pattern, obj) -> str:
    kwargs = {
        name: obj.pk if name in PK_ARGUMENTS else other_argument(name, obj)
        for name in arguments(pattern)
    }
    return reverse(viewset.get_url_name(pattern.name), kwargs=kwargs)


def takes_object(pattern) -> bool:
    return bool(PK_ARGUMENTS & set(arguments(pattern)))


def fully_real(pattern, obj) -> bool:
    """Whether every argument of the URL is a real value of ``obj`` (no placeholder)."""
    names = set(arguments(pattern)) - PK_ARGUMENTS
    if not names:
        return True
    return names <= {"revision_id"} and getattr(obj, "latest_revision_id", None) is not None


def search_term(obj) -> str:
    """A word of the row's title other than the marker (a search box echoes its query)."""
    words = [word for word in str(obj).replace(OTHER, " ").split() if word.isalpha()]
    return max(words, key=len) if words else ""


def snapshot(model):
    """Every row of the model, as stored: a refused request changes nothing anywhere."""
    return list(model._default_manager.order_by("pk").values())


def hostile_data(obj) -> dict:
    """The object's own form data with every text changed: what a forged POST would send."""
    data = {}
    for name, value in model_to_dict(obj).items():
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, str):
            data[name] = f"hostile {value}"
        else:
            data[name] = getattr(value, "pk", value)
    return data


def make_rows(model, own, other):
    factory = OWNED_FACTORIES.get(model)
    if factory is None:
        pytest.fail(f"{model._meta.label} has no factory in tests/factories/owned.py")
    return factory(territory=own.territory, marker=OWN), factory(
        territory=other.territory, marker=OTHER
    )


def champion(own):
    """A member of every group of A: the positive control of a model no editor works on."""
    user = make_member(own.territory, "Moderators")
    user.groups.add(*own.territory.groups.all())
    return user


def positive_user(model, own):
    rights = Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if own.moderator.groups.filter(permissions__in=rights).exists():
        return own.moderator
    return champion(own)


def people(model, own, other) -> dict:
    """Who asks, all of territory A: its editor, its moderator, and an editor of A who is
    also a member of B in a role with no right on the model. The last one has B in their
    territory scope (TerritoryScopeMiddleware): only the model's permission policy and the
    viewset mixin keep B's rows from them."""
    found = {"editor": own.editor, "moderator": own.moderator}
    rights = Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
    base_role = "Editors"
    if not own.territory.groups.filter(
        name__in=[g.name for g in own.editor.groups.all()], permissions__in=rights
    ).exists():
        # A model of another role (the Leads are the Developers'): asked by that role.
        holder = own.territory.groups.filter(permissions__in=rights).order_by("name").first()
        role = holder.name.rsplit(" ", 1)[-1] if holder else "Editors"
        found = {role.lower(): champion(own)}
        base_role = role if role in ROLES else "Editors"
    powerless = other.territory.groups.exclude(permissions__in=rights).first()
    if powerless is not None:
        member = make_member(own.territory, base_role)
        member.groups.add(powerless)
        found[f"editor of A, {powerless.name}"] = member
    return found


@pytest.mark.parametrize(
    "model", sorted(REGISTRY, key=lambda m: m._meta.label), ids=lambda m: m._meta.label
)
def test_every_territory_owned_model_has_a_factory(model):
    assert model in OWNED_FACTORIES, (
        f"{model._meta.label} is territory-owned: add a factory for it to OWNED_FACTORIES "
        "(tests/factories/owned.py) so that its admin URLs are tested for isolation."
    )
    factory = OWNED_FACTORIES[model]
    assert factory._meta.model is model


def test_the_parametrisation_sees_the_viewsets():
    """The parametrisation below is not empty: key figures have a snippet viewset and its
    chooser viewset, with URLs naming an object."""
    from attractiveness.models import KeyFigure

    mine = [viewset for model, viewset in registered_viewsets() if model is KeyFigure]
    assert any(isinstance(viewset, SnippetViewSet) for viewset in mine)
    assert any(isinstance(viewset, ChooserViewSet) for viewset in mine)
    assert sum(takes_object(case.values[2]) for case in url_cases()) >= 6


def text(response) -> str:
    return response.content.decode(errors="replace")


@pytest.mark.parametrize(("model", "viewset", "pattern"), url_cases())
def test_admin_url_refuses_another_territorys_row(model, viewset, pattern, two_territories):
    own, other = two_territories
    mine, theirs = make_rows(model, own, other)
    askers = people(model, own, other)
    before = snapshot(model)
    url = url_for(viewset, pattern, theirs)

    if not takes_object(pattern):
        # Listings, results, choosers, create forms: nothing of B, even when asked by id.
        for who, user in askers.items():
            client = admin_client(user)
            for query in ("", f"?id={theirs.pk}", f"?q={search_term(theirs)}"):
                response = client.get(url + query)
                assert response.status_code < 500, (who, url + query)
                assert OTHER not in text(response), (who, url + query)
        assert snapshot(model) == before
        return

    for who, user in askers.items():
        client = admin_client(user)
        response = client.get(url)
        assert is_denied(response), (who, "GET", url, response.status_code)
        assert OTHER not in text(response), (who, "GET", url)
        response = client.post(url, hostile_data(theirs))
        # 405: a view that only answers GET does nothing with a POST either.
        refused = is_denied(response) or response.status_code == 405
        assert refused, (who, "POST", url, response.status_code)
        assert OTHER not in text(response), (who, "POST", url)
    assert snapshot(model) == before, f"{url} changed a row"

    # Positive control: the same URL for A's own row answers A's moderator.
    if fully_real(pattern, mine):
        client = admin_client(positive_user(model, own))
        response = client.get(url_for(viewset, pattern, mine))
        if response.status_code == 405:  # an operation (lock, unlock): it answers a POST
            response = client.post(url_for(viewset, pattern, mine))
            assert response.status_code == 302, (pattern.name, response.status_code)
        else:
            assert response.status_code == 200, (pattern.name, response.status_code)


# Snippet, ModelViewSet and chooser listings.
LISTINGS = {"list", "list_results", "index", "index_results", "choose", "choose_results"}


@pytest.mark.parametrize(
    ("model", "viewset", "pattern"),
    [case for case in url_cases() if case.values[2].name in LISTINGS],
)
def test_listings_show_own_rows_only(model, viewset, pattern, two_territories):
    """The positive control of the listings: A's row is there, B's is not."""
    own, other = two_territories
    make_rows(model, own, other)
    url = reverse(viewset.get_url_name(pattern.name))
    for who, user in people(model, own, other).items():
        body = text(admin_client(user).get(url))
        assert OWN in body and OTHER not in body, (who, url)
