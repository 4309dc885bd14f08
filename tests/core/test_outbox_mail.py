"""Every email goes through the outbox (core/mail.py): Wagtail's moderation notification,
sent while SMTP is down, is recorded, the editor's submission succeeds, and the message goes
out once, exactly once, when a real SMTP server answers on that port."""

import email
from email.policy import default as default_policy

from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from core.mail import deliver_message, serialize_message
from core.models import OutboxMessage
from core.outbox import outbox_drain
from home.models import StandardPage
from tests.core.test_smtp import RecordingHandler
from tests.failing_services import free_port, smtp_at
from tests.territories.isolation_world import admin_client


def outbox_smtp_at(port: int):
    return smtp_at(
        port,
        EMAIL_BACKEND="core.mail.OutboxEmailBackend",
        TERRITORIA_EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )


def mails():
    return OutboxMessage.objects.filter(handler="core.mail.deliver_message")


def test_a_moderation_email_waits_for_smtp_and_goes_out_once(
    two_territories, django_capture_on_commit_callbacks
):
    own, _other = two_territories
    page = StandardPage(title="Nouvelle zone d'activités", slug="nouvelle-zone")
    own.territory.site.root_page.add_child(instance=page)
    page.save_revision(user=own.editor)
    OutboxMessage.objects.all().delete()
    port = free_port()
    with outbox_smtp_at(port):
        client = admin_client(own.editor)
        data = {
            "title": page.title,
            "slug": page.slug,
            "intro": '{"blocks": [], "entityMap": {}}',
            "body-count": "0",
            "action-submit": "1",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        assert response.status_code == 302  # submitted, whatever SMTP does
        page.refresh_from_db()
        assert page.workflow_in_progress
        (message,) = mails()
        assert message.done_at is None and message.attempts == 1  # SMTP refused
        assert own.moderator.email in message.kwargs["message"]["to"]

        handler = RecordingHandler()
        server = Controller(handler, hostname="127.0.0.1", port=port)
        server.start()
        try:
            for _ in range(2):  # a second drain sends nothing more
                OutboxMessage.objects.filter(done_at=None).update(next_attempt_at=timezone.now())
                outbox_drain()
        finally:
            server.stop()
    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.rcpt_tos == [own.moderator.email]
    parsed = email.message_from_bytes(envelope.content, policy=default_policy)
    assert page.title in parsed["Subject"]
    message.refresh_from_db()
    assert message.done_at is not None


def test_a_message_survives_the_round_trip_through_json(mailoutbox):
    original = EmailMultiAlternatives(
        subject="Objet « accentué »",
        body="Texte",
        from_email="noreply@lyonne.test",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org"],
        reply_to=["d@example.org"],
        headers={"X-Territory": "lyonne"},
    )
    original.attach_alternative("<p>Texte</p>", "text/html")
    original.attach("plan.txt", b"\x00\x01binary", "application/octet-stream")
    deliver_message(message=serialize_message(original))
    (sent,) = mailoutbox
    assert (sent.subject, sent.body, sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        "Objet « accentué »",
        "Texte",
        ["a@example.org"],
        ["b@example.org"],
        ["c@example.org"],
        ["d@example.org"],
    )
    assert sent.extra_headers["X-Territory"] == "lyonne"
    assert sent.alternatives[0][0] == "<p>Texte</p>"
    assert sent.attachments[0][1] == b"\x00\x01binary"
