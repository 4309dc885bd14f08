"""bench/leads.py: leads written in bulk are the CRM's own rows, in their territory only,
with their drawn dates, shown by the Leads listing of that territory's Developers; re-running
only tops up."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.leads import developers, generate_leads, territory_for
from investors.models import Lead, LeadActivity, LeadTask
from territories.tenancy import territory_scope
from tests.territories.isolation_world import admin_client


@pytest.mark.django_db
def test_bulk_leads_belong_to_their_territory_and_list_in_its_crm():
    assert generate_leads("bench-1.localhost", 40, log=lambda _: None) == 40
    assert generate_leads("bench-2.localhost", 10, log=lambda _: None) == 10
    assert generate_leads("bench-1.localhost", 45, log=lambda _: None) == 5  # tops up
    one, two = territory_for("bench-1.localhost"), territory_for("bench-2.localhost")
    with territory_scope(one):
        leads = list(Lead.objects.all())
        assert len(leads) == 45
        assert LeadActivity.objects.count() == 45 and LeadTask.objects.exists()
        for lead in leads:
            lead.full_clean()  # valid as the CRM's own form would save it
    assert {lead.assignee for lead in leads} - {None} <= set(developers(one))
    dates = {lead.created_at.date() for lead in leads}
    assert len(dates) > 10 and max(dates) <= timezone.now().date(), "drawn, not insert time"
    with territory_scope(two):
        assert Lead.objects.count() == 10

    page = admin_client(developers(one)[0]).get(reverse("leads:index"))
    html = page.content.decode()
    assert page.status_code == 200
    assert leads[0].contact_name in html
    with territory_scope(two):
        assert not any(lead.email in html for lead in Lead.objects.all())
