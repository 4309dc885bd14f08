"""The pipeline board: columns by stage with counts and jobs, the listing's filters, a card
moved by a plain form through ``lead_stage_change``; another territory's leads are neither
shown nor movable; the queries do not grow with the leads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investors.models import LeadActivity
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadFactory
from tests.territories.isolation_world import admin_client

from .conftest import make_leads
from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
BOARD = "leads:board"


def test_the_board_shows_own_leads_in_stage_columns(crm):  # noqa: F811
    own, _other, developer, both, lead_a, _lead_b = crm
    with platform_wide():
        LeadFactory(territory=own.territory, marker="ZVISITLEAD", stage="visit", jobs_planned=40)
        LeadFactory(territory=own.territory, stage="visit", jobs_planned=2)
    for user in (developer, both):
        response = admin_client(user).get(reverse(BOARD))
        assert response.status_code == 200
        body = response.content.decode()
        assert "ZOWNLEAD" in body and "ZVISITLEAD" in body and "ZOTHERLEAD" not in body
        assert 'aria-labelledby="stage-visit"' in body and 'id="stage-won"' in body
    visit = next(c for c in response.context["columns"] if c["stage"] == "visit")
    assert visit["count"] == 2 and visit["jobs"] == 42
    new = next(c for c in response.context["columns"] if c["stage"] == "new")
    assert [lead.pk for lead in new["cards"]] == [lead_a.pk]


def test_the_board_filters_by_assignee_and_source(crm):  # noqa: F811
    own, _other, developer, _both, _lead_a, _lead_b = crm
    with platform_wide():
        LeadFactory(territory=own.territory, marker="ZMINE", assignee=developer)
        LeadFactory(territory=own.territory, marker="ZNEWSLETTER", utm_source="newsletter")
    client = admin_client(developer)
    body = client.get(reverse(BOARD), {"assignee": developer.pk}).content.decode()
    assert "ZMINE" in body and "ZOWNLEAD" not in body
    body = client.get(reverse(BOARD), {"utm_source": "newsl"}).content.decode()
    assert "ZNEWSLETTER" in body and "ZMINE" not in body


def test_the_board_refuses_an_assignee_of_another_territory_as_filter(crm):  # noqa: F811
    _own, other, developer, _both, _lead_a, _lead_b = crm
    stranger = make_member(other.territory, "Developers")
    response = admin_client(developer).get(reverse(BOARD), {"assignee": stranger.pk})
    assert response.status_code == 200
    assert all(not column["cards"] for column in response.context["columns"])


def test_moving_a_card_changes_the_stage_through_the_service(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    client = admin_client(developer)
    response = client.post(
        reverse(BOARD) + "?utm_source=x", {"lead": lead_a.pk, "stage": "qualified"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?utm_source=x")
    with platform_wide():
        lead_a.refresh_from_db()
        assert LeadActivity.objects.filter(lead=lead_a, kind="stage").count() == 1
    assert lead_a.stage == "qualified" and lead_a.first_answer_at is not None


def test_lost_asks_for_the_reason_on_the_leads_page(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    client = admin_client(developer)
    response = client.post(reverse(BOARD), {"lead": lead_a.pk, "stage": "lost"})
    edit = reverse("leads:edit", args=[lead_a.pk])
    assert response.status_code == 302 and response["Location"] == f"{edit}?stage=lost"
    with platform_wide():
        lead_a.refresh_from_db()
    assert lead_a.stage == "new"
    form = client.get(response["Location"]).context["form"]
    assert form.initial["stage"] == "lost"


@pytest.mark.parametrize(
    "data",
    [{"stage": "won"}, {"lead": "abc", "stage": "won"}, {"lead": "1", "stage": "nope"}, {}],
    ids=["no-lead", "text-id", "bad-stage", "empty"],
)
def test_a_malformed_move_is_a_400(crm, data):  # noqa: F811
    _own, _other, developer, _both, _lead_a, _lead_b = crm
    assert admin_client(developer).post(reverse(BOARD), data).status_code == 400


def test_another_territorys_lead_cannot_be_moved(crm):  # noqa: F811
    _own, _other, developer, both, _lead_a, lead_b = crm
    for user in (developer, both):
        response = admin_client(user).post(reverse(BOARD), {"lead": lead_b.pk, "stage": "won"})
        assert response.status_code == 404
    with platform_wide():
        lead_b.refresh_from_db()
        assert not LeadActivity.objects.filter(lead=lead_b).exists()
    assert lead_b.stage == "new"


def test_an_editor_has_no_board(crm):  # noqa: F811
    own, *_ = crm
    client = admin_client(own.editor)
    assert client.get(reverse(BOARD)).status_code in (302, 403)


def test_the_board_requires_a_second_factor(crm, client):  # noqa: F811
    _own, _other, developer, *_ = crm
    client.force_login(developer)
    response = client.get(reverse(BOARD), HTTP_HOST="localhost")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


@pytest.mark.parametrize("query", ["", "?utm_source=a"])
def test_board_queries_do_not_grow_with_leads(crm, query):  # noqa: F811
    own, _other, developer, *_ = crm
    client = admin_client(developer)
    url = reverse(BOARD) + query

    def make(count):
        make_leads(
            own.territory,
            count,
            utm_source="a",
            assignee=lambda n: make_member(own.territory, "Developers") if n % 2 else None,
        )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make(5)
    client.get(url)
    few = queries()
    make(45)
    assert queries() == few


def test_a_lost_lead_needs_its_reason_on_the_edit_form(crm):  # noqa: F811
    _own, _other, developer, _both, lead_a, _lead_b = crm
    client = admin_client(developer)
    url = reverse("leads:edit", args=[lead_a.pk])
    data = {"stage": "lost", "contact_name": lead_a.contact_name, "assignee": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "lost_reason" in response.context["form"].errors
    response = client.post(url, {**data, "lost_reason": "Chose another region"})
    assert response.status_code == 302
    with platform_wide():
        lead_a.refresh_from_db()
    assert (lead_a.stage, lead_a.lost_reason) == ("lost", "Chose another region")
    assert lead_a.closed_at is not None


def test_the_crm_menu_is_the_developers(crm):  # noqa: F811
    own, _other, developer, *_ = crm
    menu = admin_client(developer).get(reverse("wagtailadmin_home")).content.decode()
    for url in ("leads:index", "leads:board", "leads:personal_data"):
        assert f'"url": "{reverse(url)}"' in menu
    listing = admin_client(developer).get(reverse("leads:index")).content.decode()
    assert f'href="{reverse(BOARD)}"' in listing
    editor_menu = admin_client(own.editor).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("leads:index") not in editor_menu
