"""Email goes out through real SMTP: a contact form submission reaches the territory's own
address, delivered to an SMTP server listening on a loopback port (aiosmtpd)."""

import email
from email.header import decode_header, make_header
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from core.mail import emails_enqueue
from core.models import OutboxMessage
from home.models import ContactFormField, ContactPage
from tests.failing_services import free_port, smtp_at
from tests.public_forms import fresh_token


class RecordingHandler:
    def __init__(self):
        self.envelopes = []
        self.peers = []  # the client address and port of each message's connection
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.peers.append(session.peer)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink():
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_at(port):
            yield handler
    finally:
        controller.stop()


@pytest.mark.django_db
def test_contact_form_submission_is_delivered_to_the_territorys_address(
    client, two_territories, smtp_sink, django_capture_on_commit_callbacks
):
    a, b = two_territories
    contact = ContactPage.objects.descendant_of(a.territory.site.root_page).get(
        locale__language_code="fr"
    )
    ContactFormField.objects.create(
        page=contact, label="Message", field_type="multiline", required=True
    )

    token = fresh_token(client, "/fr/contact/", a.host)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/contact/",
            {"message": "Nous cherchons 2 000 m² d'entrepôt près du fleuve.",
             "submission_token": token},
            HTTP_HOST=a.host,
        )  # fmt: skip

    assert response.status_code == 303  # POST/redirect/GET to the thank-you
    assert response["Location"].endswith("/fr/contact/?sent=1")
    assert len(smtp_sink.envelopes) == 1
    envelope = smtp_sink.envelopes[0]
    assert envelope.rcpt_tos == [a.territory.contact_email]
    assert envelope.mail_from == a.territory.sender_email
    assert b.territory.contact_email not in envelope.rcpt_tos
    message = email.message_from_bytes(envelope.content, policy=default_policy)
    assert str(make_header(decode_header(message["Subject"]))) == f"[{a.territory.name}] Contact"
    assert "2 000 m² d'entrepôt" in message.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_an_invalid_submission_sends_nothing(client, two_territories, smtp_sink):
    a, _ = two_territories
    contact = ContactPage.objects.descendant_of(a.territory.site.root_page).get(
        locale__language_code="fr"
    )
    ContactFormField.objects.create(
        page=contact, label="Message", field_type="multiline", required=True
    )
    response = client.post("/fr/contact/", {"message": ""}, HTTP_HOST=a.host)
    assert response.status_code == 400  # the form again, with its errors
    assert response.context["form"].errors
    assert smtp_sink.envelopes == []


@pytest.mark.django_db
def test_a_batchs_emails_share_one_connection_and_a_refusal_opens_a_new_one(
    smtp_sink, django_capture_on_commit_callbacks
):
    """One commit's emails go out on one SMTP connection; a message the server refuses is
    kept for a retry and the next one opens a fresh connection."""
    smtp_sink.refused.add("gone@example.com")
    to = ["a@example.com", "b@example.com", "gone@example.com", "c@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        messages = emails_enqueue(
            [
                {"subject": f"Message {n}", "body": "Bonjour", "to": [address]}
                for n, address in enumerate(to)
            ]
        )
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [
        ["a@example.com"],
        ["b@example.com"],
        ["c@example.com"],
    ]
    first, second, third = smtp_sink.peers
    assert first == second and third != second
    refused = OutboxMessage.objects.get(pk=messages[2].pk)
    assert refused.done_at is None and refused.attempts == 1
    assert "No such user" in refused.last_error
    assert (
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], done_at__isnull=False).count()
        == 3
    )
