"""The public inquiry forms: a lead in the site's territory, Post-Redirect-Get, the
emails through the outbox, dedup by email within a territory, never page-cached."""

import pytest
from django.core import mail

from core.models import OutboxMessage
from investors.models import Lead, LeadActivity
from territories.tenancy import platform_wide
from tests.investors.conftest import valid

pytestmark = pytest.mark.django_db


def leads():
    with platform_wide():
        return list(Lead.objects.select_related("territory").order_by("pk"))


def test_get_shows_the_form_with_the_privacy_notice_and_no_cache(project, client):
    tenant, page, url = project
    response = client.get(url, HTTP_HOST=tenant.host)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="submission_token"' in body and 'name="siren"' in body
    assert page.notice().split()[0] in body
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_valid_inquiry_is_a_lead_of_the_site_territory_then_a_thank_you(project, submit, client):
    tenant, page, url = project
    response = submit(
        tenant.host,
        url + "?utm_source=news&utm_campaign=spring",
        valid(siren="732 829 320", project_type="extension", jobs_planned="25"),
        HTTP_REFERER="https://search.example/?q=land",
    )
    assert response.status_code == 303
    assert response["Location"].endswith("?sent=1")
    [lead] = leads()
    assert lead.territory == tenant.territory
    assert lead.siren == "732829320" and lead.project_type == "extension"
    assert lead.jobs_planned == 25
    assert lead.consent_text == page.notice() and lead.consent_at is not None
    assert lead.source_page_id == page.pk and lead.offer_id is None
    assert lead.language == "fr"
    with platform_wide():
        assert LeadActivity.objects.filter(lead=lead, kind="inquiry").count() == 1
    thanks = client.get(response["Location"], HTTP_HOST=tenant.host)
    assert thanks.status_code == 200
    # Two emails recorded: the team (Reply-To the investor), the acknowledgement.
    messages = OutboxMessage.objects.filter(handler="core.mail.send_email")
    assert messages.count() == 2
    assert len(mail.outbox) == 2
    team = [m for m in mail.outbox if m.to != ["camille@example.com"]]
    assert team and team[0].reply_to == ["camille@example.com"]


def test_an_inquiry_queues_its_two_emails_and_no_reference_index_work(project, submit):
    """Leads stay out of Wagtail's reference index (its admin viewset registered, as on a
    served site): an inquiry records no index rows and no outbox work beyond its emails."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from wagtail.models import ReferenceIndex

    reverse("leads:index")  # the admin's URLconf loaded: every viewset registered
    assert not ReferenceIndex.is_indexed(Lead)
    tenant, page, url = project
    assert submit(tenant.host, url, valid()).status_code == 303
    [lead] = leads()
    assert lead.source_page_id == page.pk
    lead_type = ContentType.objects.get_for_model(Lead)
    assert not ReferenceIndex.objects.filter(base_content_type=lead_type).exists()
    assert sorted(OutboxMessage.objects.values_list("handler", flat=True)) == [
        "core.mail.send_email",
        "core.mail.send_email",
    ]


def test_the_migration_drops_the_references_recorded_for_leads(project, submit):
    """Rows the index held for leads before (a lead's link to its source page) go; a page's
    own references stay."""
    import importlib
    import uuid

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    migration = importlib.import_module("investors.migrations.0004_lead_out_of_reference_index")
    tenant, page, url = project
    submit(tenant.host, url, valid())
    [lead] = leads()
    lead_type = ContentType.objects.get_for_model(Lead)
    page_type = ContentType.objects.get_for_model(Page)

    def reference(content_type, object_id):
        return ReferenceIndex.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(object_id),
            to_content_type=page_type,
            to_object_id=str(page.pk),
            model_path="source_page",
            content_path="source_page",
            content_path_hash=uuid.uuid4(),
        )

    gone = reference(lead_type, lead.pk)
    kept = reference(page_type, page.get_parent().pk)
    migration.forget_lead_references(apps, None)
    assert not ReferenceIndex.objects.filter(pk=gone.pk).exists()
    assert ReferenceIndex.objects.filter(pk=kept.pk).exists()


def test_utm_and_referrer_of_the_landing_are_kept(project, submit, client):
    tenant, _page, url = project
    landing = client.get(
        url + "?utm_source=newsletter&utm_medium=email",
        HTTP_HOST=tenant.host,
        HTTP_REFERER="https://partner.example/page",
    )
    body = landing.content.decode()
    assert 'value="newsletter"' in body and 'value="https://partner.example/page"' in body
    submit(
        tenant.host,
        url,
        valid(utm_source="newsletter", utm_medium="email", referrer="https://partner.example/page"),
    )
    [lead] = leads()
    assert (lead.utm_source, lead.utm_medium) == ("newsletter", "email")
    assert lead.referrer == "https://partner.example/page"


def test_same_email_same_territory_appends_to_the_open_lead(project, submit):
    tenant, _page, url = project
    submit(tenant.host, url, valid())
    submit(tenant.host, url, valid(email="CAMILLE@Example.com", message="Second message"))
    [lead] = leads()
    with platform_wide():
        kinds = sorted(LeadActivity.objects.filter(lead=lead).values_list("kind", flat=True))
        texts = list(LeadActivity.objects.filter(lead=lead).values_list("text", flat=True))
    assert kinds == ["inquiry", "new_inquiry"]
    assert "Second message" in texts


def test_same_email_in_another_territory_is_another_lead(two_territories, submit):
    from investors.models import ProjectInquiryPage

    for tenant in two_territories:
        page = ProjectInquiryPage.objects.child_of(tenant.territory.site.root_page).get()
        submit(tenant.host, page.relative_url(tenant.territory.site), valid())
    found = leads()
    assert len(found) == 2
    assert {lead.territory_id for lead in found} == {t.territory.pk for t in two_territories}


def test_reload_of_the_post_does_not_resubmit(project, client, submit):
    tenant, _page, url = project
    get = client.get(url, HTTP_HOST=tenant.host)
    from tests.investors.conftest import STARTED_INPUT
    from tests.public_forms import token_in

    data = valid(
        submission_token=token_in(get),
        form_started=STARTED_INPUT.search(get.content.decode())[1],
    )
    submit(tenant.host, url, data, get_first=False)
    submit(tenant.host, url, data, get_first=False)
    assert len(leads()) == 1
    assert OutboxMessage.objects.filter(handler="core.mail.send_email").count() == 2


def test_acknowledgement_in_the_language_of_the_site(two_territories, submit):
    from investors.models import ProjectInquiryPage

    tenant = two_territories[0]
    page = (
        ProjectInquiryPage.objects.filter(locale__language_code="en")
        .filter(
            translation_key=ProjectInquiryPage.objects.child_of(tenant.territory.site.root_page)
            .get()
            .translation_key
        )
        .get()
    )
    OutboxMessage.objects.all().delete()
    submit(tenant.host, page.relative_url(tenant.territory.site), valid())
    [lead] = leads()
    assert lead.language == "en"
    ack = next(m for m in mail.outbox if m.to == ["camille@example.com"])
    assert "Thank you for your message" in ack.body


def test_the_dedup_lookup_is_answered_by_the_email_index(two_territories):
    """The open-lead lookup of every inquiry is one the investors_lead_email_ci index
    answers: with email__iexact (UPPER() on PostgreSQL) it read every lead of the territory."""
    from django.db import connection, transaction

    from investors.selectors import OPEN_LEAD_SQL, lead_open_for_email, leads_with_email
    from territories.tenancy import territory_scope

    if connection.vendor != "postgresql":
        pytest.skip("the index plan is PostgreSQL's: set DATABASE_URL (CI does)")
    territory = two_territories[0].territory
    with territory_scope(territory), transaction.atomic():
        assert lead_open_for_email(territory=territory, email=" Camille@Example.com ") is None
        Lead.objects.bulk_create(
            Lead(territory=territory, email=f"lead-{n}@example.com", contact_name=f"Lead {n}")
            for n in range(3000)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE investors_lead")
        plan = leads_with_email(territory=territory, email="Camille@Example.com").explain()
        with connection.cursor() as cursor:  # the inquiry's own lookup
            cursor.execute(f"EXPLAIN {OPEN_LEAD_SQL}", [territory.pk, "camille@example.com"])
            lookup = "\n".join(row[0] for row in cursor.fetchall())
    assert "investors_lead_email_ci" in plan, plan
    assert "investors_lead_email_ci" in lookup, lookup
