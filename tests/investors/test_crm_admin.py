"""The Leads admin: a territory's developers see and work its leads only; a person who is
Developer of A and Editor of B never reads B's; the export is A's only and spreadsheet-safe;
the listing's queries do not grow with the number of leads."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from investors.models import LeadActivity
from territories.membership import forget
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadFactory
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def crm(two_territories):
    own, other = two_territories
    developer = make_member(own.territory, "Developers")
    both = make_member(own.territory, "Developers")
    both.groups.add(other.territory.group_for("Editors"))
    forget(both)
    with platform_wide():
        lead_a = LeadFactory(territory=own.territory, marker="ZOWNLEAD")
        lead_b = LeadFactory(territory=other.territory, marker="ZOTHERLEAD")
    return own, other, developer, both, lead_a, lead_b


def test_developer_lists_own_leads_only(crm):
    _own, _other, developer, both, *_ = crm
    for user in (developer, both):
        body = admin_client(user).get(reverse("leads:index")).content.decode()
        assert "ZOWNLEAD" in body and "ZOTHERLEAD" not in body


def test_other_territorys_lead_is_refused_in_edit_and_post(crm):
    _own, _other, _developer, both, _lead_a, lead_b = crm
    client = admin_client(both)
    url = reverse("leads:edit", args=[lead_b.pk])
    assert client.get(url).status_code in (302, 403, 404)
    response = client.post(url, {"stage": "won", "contact_name": "hijack"})
    assert response.status_code in (302, 403, 404)
    with platform_wide():
        lead_b.refresh_from_db()
    assert lead_b.stage == "new" and "ZOTHERLEAD" in lead_b.contact_name


def test_editor_of_a_territory_has_no_leads_menu(crm):
    own, *_ = crm
    client = admin_client(own.editor)
    assert client.get(reverse("leads:index")).status_code in (302, 403)


def _edit_data(lead, **extra):
    return {
        "stage": lead.stage,
        "assignee": "",
        "contact_name": lead.contact_name,
        "company": lead.company,
        **extra,
    }


def test_stage_change_and_assignment_log_activities_and_email(
    crm, django_capture_on_commit_callbacks
):
    _own, _other, developer, _both, lead_a, _lead_b = crm
    client = admin_client(developer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("leads:edit", args=[lead_a.pk]),
            _edit_data(lead_a, stage="qualified", assignee=str(developer.pk)),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    with platform_wide():
        lead_a.refresh_from_db()
        kinds = set(LeadActivity.objects.filter(lead=lead_a).values_list("kind", flat=True))
    assert lead_a.stage == "qualified" and lead_a.assignee == developer
    assert lead_a.first_answer_at is not None
    assert kinds == {"stage", "assignment"}
    assert any(developer.email in m.to for m in mail.outbox)


def test_assignee_of_another_territory_is_refused(crm):
    _own, other, developer, _both, lead_a, _lead_b = crm
    stranger = make_member(other.territory, "Developers")
    response = admin_client(developer).post(
        reverse("leads:edit", args=[lead_a.pk]), _edit_data(lead_a, assignee=str(stranger.pk))
    )
    assert response.status_code == 200  # the form again, with its error
    with platform_wide():
        lead_a.refresh_from_db()
    assert lead_a.assignee is None


def test_export_is_own_territory_only_and_spreadsheet_safe(crm):
    own, _other, developer, _both, _lead_a, _lead_b = crm
    with platform_wide():
        LeadFactory(territory=own.territory, company='=HYPERLINK("http://evil","x")')
    response = admin_client(developer).get(reverse("leads:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "ZOWNLEAD" in body and "ZOTHERLEAD" not in body
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_listing_queries_do_not_grow_with_leads(crm):
    own, _other, developer, *_ = crm
    client = admin_client(developer)
    url = reverse("leads:index")
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with platform_wide():
        for _ in range(2):
            LeadFactory(territory=own.territory, assignee=developer)
    few = queries()
    with platform_wide():
        for _ in range(12):
            LeadFactory(territory=own.territory, assignee=make_member(own.territory, "Developers"))
    assert queries() == few
