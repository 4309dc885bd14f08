"""The contact form when things go wrong: SMTP down (a closed port) then back (a real aiosmtpd
server on that port), a double click or a retried POST, a robot filling the honeypot, a
flood from one address, an editor's subject with a line break. Each answer is a 3xx or a
4xx, never a 500; each submission is saved once and each message sent once."""

import email
import re
import threading
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from core.models import OutboxMessage
from core.outbox import outbox_deliver
from home import services
from home.models import ContactFormField, ContactPage
from tests.core.test_smtp import RecordingHandler
from tests.failing_services import cache_at, free_port, smtp_at
from tests.public_forms import fresh_token, token_in

pytestmark = pytest.mark.django_db

MESSAGE = "Nous cherchons 3 000 m² de bureaux."


@pytest.fixture
def contact(two_territories):
    tenant = two_territories[0]
    page = ContactPage.objects.child_of(tenant.territory.site.root_page).get(
        locale__language_code="fr"
    )
    page.form_fields = [
        ContactFormField(label="Nom", field_type="singleline", required=True),
        ContactFormField(label="Message", field_type="multiline", required=True),
    ]
    page.save_revision().publish()
    # With REDIS_URL the world's provisioning left its index updates here (rolled back).
    OutboxMessage.objects.all().delete()
    return tenant, page, page.relative_url(tenant.territory.site)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a browser does: with the page's token (unless given), commit callbacks run."""

    def send(tenant, url, data=None, token=None, **extra):
        data = {"nom": "Camille", "message": MESSAGE, **(data or {})}
        data.setdefault("submission_token", token or fresh_token(client, url, tenant.host))
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, HTTP_HOST=tenant.host, **extra)

    return send


def emails():
    return OutboxMessage.objects.filter(handler="core.mail.send_email")


def drain_when_due():
    OutboxMessage.objects.filter(done_at=None).update(next_attempt_at=timezone.now())
    call_command("drain_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_smtp_down_then_back_the_visitor_is_thanked_and_one_email_goes_out(contact, post):
    tenant, page, url = contact
    port = free_port()
    with smtp_at(port):
        response = post(tenant, url)
        assert response.status_code == 303  # the thank-you, SMTP down or not
        assert response["Location"] == f"{url}?sent=1"
        assert FormSubmission.objects.filter(page=page).count() == 1
        (message,) = emails()
        assert message.done_at is None and message.attempts == 1
        assert "Connection refused" in message.last_error or "111" in message.last_error
        assert message.next_attempt_at > timezone.now()

        handler = RecordingHandler()
        server = Controller(handler, hostname="127.0.0.1", port=port)
        server.start()
        try:
            drain_when_due()
            drain_when_due()  # a second drain, and a duplicate delivery, send nothing more
            assert outbox_deliver(message.pk) == "skipped"
        finally:
            server.stop()
    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.rcpt_tos == [tenant.territory.contact_email]
    body = email.message_from_bytes(envelope.content, policy=default_policy)
    assert MESSAGE in body.get_body(("plain",)).get_content()
    message.refresh_from_db()
    assert message.done_at is not None
    assert FormSubmission.objects.filter(page=page).count() == 1


def test_a_double_click_or_a_retried_post_saves_and_sends_once(client, contact, post):
    tenant, page, url = contact
    token = fresh_token(client, url, tenant.host)
    answers = [post(tenant, url, token=token) for _ in range(3)]
    assert [a.status_code for a in answers] == [303, 303, 303]
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert len(mail.outbox) == 1 and emails().count() == 1
    # Another visit of the form is another submission.
    post(tenant, url)
    assert FormSubmission.objects.filter(page=page).count() == 2 and len(mail.outbox) == 2


def test_each_rendering_of_the_form_carries_its_own_token(client, contact):
    tenant, _page, url = contact
    tokens = {fresh_token(client, url, tenant.host) for _ in range(3)}
    assert len(tokens) == 3


@pytest.mark.parametrize("token", ["", "pas-un-uuid", "x" * 5000])
def test_a_post_without_a_valid_token_is_refused_and_gets_a_new_one(client, contact, post, token):
    tenant, _page, url = contact
    response = post(tenant, url, {"submission_token": token})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce formulaire avait expiré" in html
    assert MESSAGE in html, "what the visitor typed is shown again"
    assert token_in(response) != token  # sending it again works
    assert post(tenant, url, token=token_in(response)).status_code == 303
    assert FormSubmission.objects.count() == 1


def test_a_filled_honeypot_is_thanked_and_nothing_is_stored_or_sent(contact, post):
    tenant, _page, url = contact
    response = post(tenant, url, {"website_url": "http://spam.example"})
    assert response.status_code == 303 and response["Location"] == f"{url}?sent=1"
    # Even an otherwise invalid robot's post.
    assert post(tenant, url, {"website_url": "x", "nom": ""}).status_code == 303
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == [] and not OutboxMessage.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_assistive_technologies(client, contact):
    tenant, _page, url = contact
    html = client.get(url, HTTP_HOST=tenant.host).content.decode()
    trap = re.search(r'<div class="form__trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap, "wrapped in an aria-hidden, off-screen container"
    field = re.search(r"<input[^>]*name=\"website_url\"[^>]*>", trap.group(1)).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert "Laissez ce champ vide" in trap.group(1)
    assert html.count('name="website_url"') == 1


def test_every_field_has_a_length_limit_the_server_enforces(client, contact, post):
    tenant, _page, url = contact
    html = client.get(url, HTTP_HOST=tenant.host).content.decode()
    assert re.search(r'<textarea[^>]*maxlength="5000"', html)
    assert re.search(r'<input type="text" name="nom"[^>]*maxlength="255"', html)
    for data in ({"message": "x" * 5001}, {"nom": "x" * 256}):
        assert post(tenant, url, data).status_code == 400
    assert FormSubmission.objects.count() == 0


@override_settings(TERRITORIA_PUBLIC_FORM_RATE="5/10m")
def test_a_sixth_submission_in_ten_minutes_is_a_429_in_the_sites_chrome(
    contact, post, two_territories, one_rate_window
):
    tenant, page, url = contact
    other = two_territories[1]
    other_page = ContactPage.objects.child_of(other.territory.site.root_page).get(
        locale__language_code="fr"
    )
    other_page.form_fields = [ContactFormField(label="Message", field_type="multiline")]
    other_page.save_revision().publish()
    other_url = other_page.relative_url(other.territory.site)

    assert [post(tenant, url).status_code for _ in range(5)] == [303] * 5
    limited = post(tenant, url)
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 600
    html = limited.content.decode()
    assert "Vous avez envoyé plusieurs messages en peu de temps" in html
    assert re.search(r"<title>Erreur\s?:", html)
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert MESSAGE in html, "the visitor's text is kept"
    assert FormSubmission.objects.filter(page=page).count() == 5
    # X-Forwarded-For is not trusted unless configured: a forged one changes nothing.
    forged = post(tenant, url, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429
    # Another address, and another territory, are not limited.
    assert post(tenant, url, REMOTE_ADDR="198.51.100.7").status_code == 303
    assert post(other, other_url).status_code == 303
    assert FormSubmission.objects.filter(page=page).count() == 6
    assert len(mail.outbox) == FormSubmission.objects.count()


@override_settings(TERRITORIA_PUBLIC_FORM_RATE="2/10m", TERRITORIA_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_forwarded_address_counts(contact, post, one_rate_window):
    tenant, _page, url = contact
    for _ in range(2):
        assert post(tenant, url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 303
    assert post(tenant, url, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert post(tenant, url, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 303
    # A client's own X-Forwarded-For entries come first; the proxy appends the real one.
    assert post(tenant, url, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9").status_code == 429
    # Garbage is no 500: REMOTE_ADDR is used.
    assert post(tenant, url, HTTP_X_FORWARDED_FOR="<script>, nope").status_code == 303


@override_settings(TERRITORIA_PUBLIC_FORM_RATE="1/10m")
def test_with_redis_down_the_rate_limit_fails_open(contact, post):
    tenant, page, url = contact
    with cache_at(free_port()):
        answers = [post(tenant, url).status_code for _ in range(3)]
    assert answers == [303, 303, 303]
    assert FormSubmission.objects.filter(page=page).count() == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", "Contact\nBcc: everyone@example.org"),
        ("subject", "Contact\r\nX-Spam: yes"),
        ("to_address", "contact@lyonne.test\nBcc: everyone@example.org"),
        ("from_address", "noreply@lyonne.test\n"),
    ],
)
def test_an_email_header_with_a_line_break_is_refused_at_save(contact, field, value):
    _tenant, page, _url = contact
    setattr(page, field, value)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert field in refused.value.message_dict


def test_the_outbox_email_is_not_sent_before_the_submission_commits(contact, client):
    tenant, _page, url = contact
    token = fresh_token(client, url, tenant.host)
    # No commit callbacks run: the transaction of the test never commits.
    client.post(url, {"nom": "A", "message": "B", "submission_token": token}, HTTP_HOST=tenant.host)
    assert mail.outbox == []
    assert emails().filter(done_at=None).count() == 1
    assert emails().get().next_attempt_at <= timezone.now() + timedelta(seconds=1)


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_click_on_postgresql_saves_and_sends_once(contact, monkeypatch):
    """Two real requests in two threads with one token, both past validation before either
    writes: the unique token makes the second wait for the first's commit, then give up."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite cannot hold two writers")
    tenant, page, url = contact
    token = fresh_token(Client(), url, tenant.host)
    both_valid = threading.Barrier(2, timeout=60)
    real_claim_once = services.claim_once

    def claim_after_the_other(key):
        both_valid.wait()
        return real_claim_once(key)

    monkeypatch.setattr(services, "claim_once", claim_after_the_other)
    statuses = []

    def click():
        try:
            own = Client()
            own.raise_request_exception = False
            data = {"nom": "Camille", "message": MESSAGE, "submission_token": token}
            statuses.append(own.post(url, data, HTTP_HOST=tenant.host).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303, 303]
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert emails().count() == 1 and len(mail.outbox) == 1


def test_an_editors_hidden_field_is_rendered_once_and_kept(client, contact, post):
    tenant, page, url = contact
    page.form_fields.add(
        ContactFormField(label="Source", field_type="hidden", default_value="salon-2026")
    )
    page.save_revision().publish()
    html = client.get(url, HTTP_HOST=tenant.host).content.decode()
    assert html.count('name="source"') == 1
    assert post(tenant, url, {"source": "salon-2026"}).status_code == 303
    assert FormSubmission.objects.get(page=page).form_data["source"] == "salon-2026"
    assert "submission_token" not in FormSubmission.objects.get(page=page).form_data
    assert "website_url" not in FormSubmission.objects.get(page=page).form_data


def test_the_admin_refuses_a_subject_with_a_line_break_as_a_form_error(client, contact):
    from django.urls import reverse

    from tests.territories.test_moderation_double_submit import _edit_form_data

    tenant, page, _url = contact
    client.force_login(tenant.moderator)
    data = {
        name: value
        for name, value in _edit_form_data(client, page, tenant.host).items()
        if not name.startswith(("action-workflow", "workflow-action"))
    }
    revisions = page.revisions.count()
    data["subject"] = "Contact\r\nBcc: everyone@example.org"
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, {**data, "action-publish": "1"}, HTTP_HOST=tenant.host)
    assert response.status_code == 200  # the editor again, with the error on the field
    assert "Doit tenir sur une seule ligne." in response.content.decode()
    page.refresh_from_db()
    assert "Bcc" not in page.subject and page.revisions.count() == revisions
    # The same form with a single-line subject is saved: the line break was the only fault.
    data["subject"] = "Contact presse"
    saved = client.post(url, {**data, "action-publish": "1"}, HTTP_HOST=tenant.host)
    assert saved.status_code == 302
    page.refresh_from_db()
    assert page.subject == "Contact presse"
