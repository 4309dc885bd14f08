"""Email goes out through real SMTP: a contact form submission reaches the territory's own
address, delivered to an SMTP server listening on a loopback port (aiosmtpd)."""

import email
from email.header import decode_header, make_header
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from home.models import ContactFormField, ContactPage
from tests.failing_services import free_port, smtp_at
from tests.public_forms import fresh_token


class RecordingHandler:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
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
