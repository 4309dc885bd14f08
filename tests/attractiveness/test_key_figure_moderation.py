"""Key figures are moderated like pages: an editor's change is a draft that goes through the
territory's own workflow; the public home page shows it only once a moderator approves it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowState

from attractiveness.models import KeyFigure
from tests.territories.isolation_world import admin_client, is_denied

URLS = "wagtailsnippets_attractiveness_keyfigure"


@pytest.fixture
def figure(two_territories):
    own = two_territories[0]
    return KeyFigure.objects.create(
        territory=own.territory,
        label="Emplois industriels",
        value=Decimal("1200"),
        locale=Locale.objects.get(language_code="fr"),
    )


def form_data(figure, label, **action):
    return {
        "territory": figure.territory_id,
        "label": label,
        "value": "1300",
        "unit": "",
        "source": "",
        "source_url": "",
        "date": "",
        "sort_order": "0",
        **action,
    }


def home(tenant) -> str:
    response = admin_client(tenant.editor).get("/fr/", HTTP_HOST=tenant.host)
    assert response.status_code == 200
    return response.content.decode()


def test_an_editors_change_is_live_only_once_the_territorys_moderator_approves(
    two_territories, figure
):
    own, other = two_territories
    editor = admin_client(own.editor)
    edit = reverse(f"{URLS}:edit", args=[figure.pk])
    assert "Emplois industriels" in home(own)

    # A draft: stored as a revision, the public site unchanged.
    assert editor.post(edit, form_data(figure, "Emplois (brouillon)")).status_code == 302
    figure.refresh_from_db()
    assert figure.label == "Emplois industriels" and figure.has_unpublished_changes
    assert "Emplois (brouillon)" not in home(own)

    # Editors may not publish: the publish action changes nothing.
    editor.post(edit, form_data(figure, "Emplois (publié ?)", **{"action-publish": "1"}))
    figure.refresh_from_db()
    assert figure.label == "Emplois industriels"
    assert "Emplois (publié ?)" not in home(own)

    # Submitted to the territory's own workflow, not a platform-wide one.
    response = editor.post(edit, form_data(figure, "Emplois qualifiés", **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(figure).get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow == own.territory.site.root_page.get_workflow()
    task_state = state.current_task_state
    approve = reverse(f"{URLS}:workflow_action", args=[figure.pk, "approve", task_state.pk])

    # The other territory's moderator can neither see nor approve it.
    assert is_denied(admin_client(other.moderator).post(approve, {"comment": ""}))
    figure.refresh_from_db()
    assert figure.label == "Emplois industriels"

    # The territory's moderator approves: live, and the cached home page shows it at once.
    response = admin_client(own.moderator).post(approve, {"comment": "ok"})
    assert response.status_code in (200, 302)
    figure.refresh_from_db()
    assert figure.label == "Emplois qualifiés" and figure.live
    page = home(own)
    assert "Emplois qualifiés" in page and "Emplois industriels" not in page


def test_a_figure_an_editor_adds_waits_for_moderation(two_territories):
    own, _other = two_territories
    editor = admin_client(own.editor)
    add = reverse(f"{URLS}:add") + "?locale=fr"
    data = {
        "territory": own.territory.pk,
        "label": "Nouvelle usine",
        "value": "3",
        "unit": "",
        "source": "",
        "source_url": "",
        "date": "",
        "sort_order": "0",
    }
    assert editor.post(add, data).status_code == 302
    created = KeyFigure.objects.get(label="Nouvelle usine")
    assert created.live is False
    assert "Nouvelle usine" not in home(own)

    moderator = admin_client(own.moderator)
    edit = reverse(f"{URLS}:edit", args=[created.pk])
    published = moderator.post(edit, {**data, "action-publish": "1"})
    assert published.status_code == 302
    created.refresh_from_db()
    assert created.live
    assert "Nouvelle usine" in home(own)
