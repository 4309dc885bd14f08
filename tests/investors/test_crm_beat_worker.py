"""The CRM's two beat tasks end to end on the real services: a Celery worker process on the
Redis broker runs them, the reminder goes through the outbox to a real SMTP server
(aiosmtpd), the retention job anonymises in PostgreSQL what the worker process sees."""

import datetime
import email
from email.policy import default as default_policy

import pytest
from django.utils import timezone

from investors.models import Lead
from investors.tasks import lead_tasks_remind, leads_anonymise_closed
from territories.tenancy import platform_wide
from tests.core.conftest import broker, page_tree_root, purge_queues  # noqa: F401 (fixtures)
from tests.factories import make_member, make_territory
from tests.factories.investors import LeadFactory, LeadTaskFactory
from tests.investors.smtp_worker import run_worker_with_smtp

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]


def test_a_worker_runs_the_reminder_and_the_retention_job(
    broker,  # noqa: F811
    page_tree_root,  # noqa: F811
    tmp_path,
    monkeypatch,
    settings,
):
    territory = make_territory("Vallée du Rappel", "rappel.test", languages=("fr",))
    neighbour = make_territory("Plateau Voisin", "voisin.test", languages=("fr",))
    developer = make_member(territory, "Developers")
    long_ago = timezone.now() - datetime.timedelta(days=settings.TERRITORIA_LEAD_RETENTION_DAYS + 5)
    with platform_wide():
        lead = LeadFactory(territory=territory, marker="ZREMINDED")
        LeadTaskFactory(
            lead=lead, title="Rappeler <Camille>", due_date=timezone.localdate(), assignee=developer
        )
        closed = LeadFactory(
            territory=neighbour, stage="lost", closed_at=long_ago, email="old@example.com"
        )
        still_open = LeadFactory(territory=neighbour, stage="visit", email="open@example.com")
    purge_queues()

    def done(sink):
        with platform_wide():
            anonymised = Lead.objects.filter(pk=closed.pk, anonymised_at__isnull=False).exists()
        return sink.envelopes and anonymised

    def send():
        lead_tasks_remind.delay()
        leads_anonymise_closed.delay()

    log, sink = run_worker_with_smtp(
        send, done, tmp_path=tmp_path, monkeypatch=monkeypatch, name="crm-beat"
    )

    assert "investors.lead_tasks_remind" in log and "investors.leads_anonymise_closed" in log
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == [developer.email]
    message = email.message_from_bytes(envelope.content, policy=default_policy)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Rappeler <Camille>" in body and f"/admin/leads/edit/{lead.pk}/" in body
    with platform_wide():
        closed.refresh_from_db()
        still_open.refresh_from_db()
    assert closed.anonymised_at is not None and "old@example.com" not in closed.email
    assert still_open.anonymised_at is None and still_open.email == "open@example.com"
