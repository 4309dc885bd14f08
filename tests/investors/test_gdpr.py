"""Personal data in the CRM: export and erasure by email address, scoped to the territory
(the same address in B untouched), from the admin ("Personal data") and the command; the
retention job anonymises leads closed too long ago, once, and keeps the figures."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from investors.gdpr import leads_anonymise_closed, person_erase, person_export
from investors.models import Lead, LeadActivity, LeadNote
from investors.tasks import leads_anonymise_closed as anonymise_task
from territories.tenancy import platform_wide
from tests.factories.investors import LeadFactory, LeadNoteFactory
from tests.territories.isolation_world import admin_client

from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
EMAIL = "Person@Example.com"
URL = "leads:personal_data"


@pytest.fixture
def person(crm):  # noqa: F811
    own, other, *_ = crm
    with platform_wide():
        in_a = LeadFactory(
            territory=own.territory,
            email=EMAIL,
            contact_name="ZPERSON A",
            phone="+33 6 11 22 33 44",
            jobs_planned=12,
            stage="won",
        )
        LeadNoteFactory(lead=in_a, text="ZSECRET note")
        LeadActivity.objects.create(lead=in_a, kind="inquiry", text="ZSECRET message")
        in_b = LeadFactory(territory=other.territory, email=EMAIL.lower(), contact_name="ZPERSON B")
    return crm, in_a, in_b


def test_the_consent_text_and_time_are_stored_with_the_lead(person):
    _crm, in_a, _in_b = person
    assert in_a.consent_text  # the notice itself, not a flag (tests/investors/test_inquiry.py)


def test_export_holds_the_territorys_leads_only(person):
    (own, *_), _in_a, _in_b = person
    with platform_wide():
        data = person_export(own.territory, "person@example.COM")
    (lead,) = data["leads"]
    assert lead["contact_name"] == "ZPERSON A" and lead["notes"][0]["text"] == "ZSECRET note"
    assert lead["timeline"][0]["text"] == "ZSECRET message" and lead["consent_text"]
    json.dumps(data)  # JSON-ready


def test_erasure_anonymises_in_the_territory_only_and_keeps_the_figures(person):
    (own, *_), in_a, in_b = person
    with platform_wide():
        assert person_erase(own.territory, EMAIL) == 1
        assert person_erase(own.territory, EMAIL) == 0  # nothing left to erase
        in_a.refresh_from_db()
        in_b.refresh_from_db()
        note = LeadNote.objects.get(lead=in_a)
        texts = set(LeadActivity.objects.filter(lead=in_a).values_list("text", flat=True))
    assert in_a.anonymised_at and in_a.email == "" and in_a.phone == ""
    assert "ZPERSON" not in in_a.contact_name and not in_a.consent_text
    assert note.text == "—" and texts == {""}
    assert (in_a.stage, in_a.jobs_planned) == ("won", 12)  # the figures stay
    assert in_b.contact_name == "ZPERSON B" and in_b.anonymised_at is None


def test_the_admin_previews_exports_and_erases_with_confirmation(person):
    (_own, _other, _developer, both, *_), in_a, in_b = person
    client = admin_client(both)
    page = client.get(reverse(URL), {"email": EMAIL})
    assert page.status_code == 200
    body = page.content.decode()
    assert "ZPERSON A" in body and "ZPERSON B" not in body
    export = client.get(reverse(URL), {"email": EMAIL, "format": "json"})
    assert export["Content-Type"].startswith("application/json")
    data = json.loads(export.content)
    assert [lead["contact_name"] for lead in data["leads"]] == ["ZPERSON A"]
    # Without the confirmation: a 400, nothing erased.
    assert client.post(reverse(URL), {"email": EMAIL}).status_code == 400
    with platform_wide():
        assert Lead.objects.get(pk=in_a.pk).anonymised_at is None
    response = client.post(reverse(URL), {"email": EMAIL, "confirm": "on"})
    assert response.status_code == 302
    with platform_wide():
        assert Lead.objects.get(pk=in_a.pk).anonymised_at is not None
        assert Lead.objects.get(pk=in_b.pk).anonymised_at is None


@pytest.mark.parametrize("email", ["not-an-email", "", "x" * 300 + "@example.com"])
def test_a_malformed_address_is_a_400(person, email):
    (_own, _other, developer, *_), _in_a, _in_b = person
    client = admin_client(developer)
    assert client.get(reverse(URL), {"email": email}).status_code == 400
    assert client.post(reverse(URL), {"email": email, "confirm": "on"}).status_code == 400


def test_editors_and_unverified_sessions_have_no_personal_data_view(person, client):
    (own, _other, developer, *_), _in_a, _in_b = person
    assert admin_client(own.editor).get(reverse(URL)).status_code in (302, 403)
    assert admin_client(own.editor).post(
        reverse(URL), {"email": EMAIL, "confirm": "on"}
    ).status_code in (302, 403)
    client.force_login(developer)
    response = client.get(reverse(URL), {"email": EMAIL}, HTTP_HOST="localhost")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_the_command_exports_and_erases(person):
    (own, *_), in_a, in_b = person
    out = io.StringIO()
    call_command("gdpr_person", "export", EMAIL, stdout=out)
    names = {lead["contact_name"] for lead in json.loads(out.getvalue())["leads"]}
    assert names == {"ZPERSON A", "ZPERSON B"}  # platform-wide without --territory
    call_command(
        "gdpr_person", "erase", EMAIL, "--territory", own.territory.slug, "--yes", stdout=out
    )
    with platform_wide():
        in_a.refresh_from_db()
        in_b.refresh_from_db()
    assert in_a.anonymised_at and in_b.anonymised_at is None
    with pytest.raises(CommandError):
        call_command("gdpr_person", "erase", EMAIL, "--territory", "nowhere", "--yes")
    with pytest.raises(CommandError):
        call_command("gdpr_person", "export", "not-an-email")


@override_settings(TERRITORIA_LEAD_RETENTION_DAYS=30)
def test_retention_anonymises_leads_closed_too_long_ago_once(crm):  # noqa: F811
    own, other, *_ = crm
    now = timezone.now()
    long_ago, lately = now - datetime.timedelta(days=40), now - datetime.timedelta(days=10)
    with platform_wide():
        old_a = LeadFactory(territory=own.territory, stage="lost", closed_at=long_ago)
        old_b = LeadFactory(
            territory=other.territory, stage="won", closed_at=long_ago, jobs_planned=5
        )
        recent = LeadFactory(territory=own.territory, stage="won", closed_at=lately)
        open_old = LeadFactory(territory=own.territory, stage="visit")
        Lead.objects.filter(pk=open_old.pk).update(updated_at=long_ago, created_at=long_ago)
        assert leads_anonymise_closed(now=now) == 2
        assert leads_anonymise_closed(now=now) == 0  # idempotent
        for lead in (old_a, old_b, recent, open_old):
            lead.refresh_from_db()
    assert old_a.anonymised_at and old_b.anonymised_at and old_b.jobs_planned == 5
    assert recent.anonymised_at is None and open_old.anonymised_at is None
    assert anonymise_task.apply().get() == 0


def test_closing_a_lead_starts_the_retention_clock(crm):  # noqa: F811
    from investors.services import lead_stage_change

    _own, _other, developer, _both, lead_a, _lead_b = crm
    with platform_wide():
        lead_stage_change(lead=lead_a, stage="abandoned", actor=developer)
        assert lead_a.closed_at is not None
        lead_stage_change(lead=lead_a, stage="active", actor=developer)
        assert lead_a.closed_at is None
