"""Bad input on the inquiry forms: a clear form error (400) or a silent thank-you for
robots, never a 500; hostile text stored as text and escaped; SMTP or Redis down loses
nothing."""

import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from core.models import OutboxMessage
from investors.models import Lead
from territories.tenancy import platform_wide
from tests.failing_services import cache_at, free_port, smtp_at
from tests.investors.conftest import STARTED_INPUT, valid
from tests.public_forms import token_in

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>=HYPERLINK("http://evil")\r\nBcc: a@evil.example'


def count():
    with platform_wide():
        return Lead.objects.count()


def test_honeypot_gets_the_thank_you_and_nothing_is_saved(project, submit):
    tenant, _page, url = project
    response = submit(tenant.host, url, valid(website_url="http://spam.example"))
    assert response.status_code == 303
    assert count() == 0 and not OutboxMessage.objects.exists()


def test_too_fast_fill_is_a_robot(project, client):
    tenant, _page, url = project
    page = client.get(url, HTTP_HOST=tenant.host)
    data = valid(
        submission_token=token_in(page), form_started=STARTED_INPUT.search(page.content.decode())[1]
    )
    response = client.post(url, data, HTTP_HOST=tenant.host)
    assert response.status_code == 303
    assert count() == 0


def test_forged_fill_stamp_is_a_robot(project, submit):
    tenant, _page, url = project
    submit(tenant.host, url, valid(form_started="1:forged"))
    assert count() == 0


@override_settings(TERRITORIA_PUBLIC_FORM_RATE="2/h")
def test_rate_limit_answers_429_and_keeps_the_text(project, submit, one_rate_window):
    tenant, _page, url = project
    for n in range(2):
        assert submit(tenant.host, url, valid(email=f"p{n}@example.com")).status_code == 303
    response = submit(tenant.host, url, valid(email="p3@example.com", message="kept text"))
    assert response.status_code == 429
    assert "Retry-After" in response and "kept text" in response.content.decode()
    assert count() == 2


def test_redis_down_the_rate_limit_fails_open_and_the_lead_is_saved(project, submit):
    tenant, _page, url = project
    with cache_at(free_port()):
        response = submit(tenant.host, url, valid())
    assert response.status_code == 303
    assert count() == 1


def test_smtp_down_the_lead_is_saved_and_the_emails_go_out_later(project, submit):
    tenant, _page, url = project
    with smtp_at(free_port()):
        response = submit(tenant.host, url, valid())
        assert response.status_code == 303
    assert count() == 1
    pending = OutboxMessage.objects.filter(handler="core.mail.send_email", done_at=None)
    assert pending.count() == 2
    mail.outbox.clear()
    pending.update(next_attempt_at=timezone.now())
    call_command("drain_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(handler="core.mail.send_email", done_at=None).exists()


@pytest.mark.parametrize(
    "field",
    ["contact_name", "phone", "company", "message", "sector"],
)
def test_hostile_text_is_stored_as_text_and_never_a_header(project, submit, field):
    tenant, _page, url = project
    value = HOSTILE if field == "message" else HOSTILE[:39]
    response = submit(tenant.host, url, valid(**{field: value}))
    assert response.status_code == 303
    with platform_wide():
        lead = Lead.objects.get()
    assert getattr(lead, field) == value.strip() or value[:10] in getattr(lead, field)
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        message.message()  # Django refuses header injection: this would raise


def test_hostile_utm_and_referrer_are_bounded_single_line_text(project, submit):
    tenant, _page, url = project
    submit(tenant.host, url, valid(utm_source="x" * 290 + "\n<b>", referrer="\x00" + "r" * 2090))
    with platform_wide():
        lead = Lead.objects.get()
    assert len(lead.utm_source) <= 200 and "\n" not in lead.utm_source
    assert len(lead.referrer) <= 2000 and "\x00" not in lead.referrer


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"email": "not-an-email"}, id="invalid-email"),
        pytest.param({"siren": "123456789"}, id="invalid-siren"),
        pytest.param({"message": "m" * 5001}, id="oversized-message"),
        pytest.param({"contact_name": ""}, id="absent-name"),
        pytest.param({"consent": ""}, id="no-consent"),
        pytest.param({"jobs_planned": "-3"}, id="negative-jobs"),
        pytest.param({"jobs_planned": "1e999"}, id="huge-jobs"),
        pytest.param({"project_type": "takeover"}, id="unknown-type"),
    ],
)
def test_invalid_input_is_a_400_with_the_form_again(project, submit, data):
    tenant, _page, url = project
    response = submit(tenant.host, url, valid(**data))
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert count() == 0


def test_repeated_fields_and_a_missing_token_never_500(project, submit, client):
    tenant, _page, url = project
    response = submit(tenant.host, url, {**valid(), "email": ["a@example.com", "b@example.com"]})
    assert response.status_code in (303, 400)
    saved = count()
    response = client.post(url, valid(), HTTP_HOST=tenant.host)  # no token: expired form
    assert response.status_code == 400
    assert count() == saved


def test_wrong_csrf_is_a_403_not_a_500(project):
    tenant, _page, url = project
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, valid(), HTTP_HOST=tenant.host)
    assert response.status_code == 403
    assert count() == 0


def test_hostile_text_is_escaped_on_the_form_shown_again(project, submit):
    tenant, _page, url = project
    response = submit(tenant.host, url, valid(company=HOSTILE[:39], email="bad"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def test_a_put_is_405(project, client):
    tenant, _page, url = project
    assert client.put(url, HTTP_HOST=tenant.host).status_code == 405


def test_a_slow_but_honest_visitor_is_accepted(project, client):
    tenant, _page, url = project
    page = client.get(url, HTTP_HOST=tenant.host)
    data = valid(
        submission_token=token_in(page), form_started=STARTED_INPUT.search(page.content.decode())[1]
    )
    with mock.patch("core.public_forms.time.time", return_value=time.time() + 3600):
        assert client.post(url, data, HTTP_HOST=tenant.host).status_code == 303
    assert count() == 1


def test_each_form_has_fields_of_its_own_and_the_choices_stay_translated():
    """The fields a form adds (honeypot, token, fill stamp, the hidden sources) are built
    once and copied for each form, and the project form's choices are shared between the
    copies (``FixedChoiceField``): a form changing its own fields leaves the next one as it
    was, and the choices' labels still follow the language of the request."""
    from django.utils import translation

    from core.public_forms import HONEYPOT, STARTED, TOKEN
    from investors.forms import ProjectInquiryForm

    first, second = ProjectInquiryForm(), ProjectInquiryForm()
    for name in (HONEYPOT, TOKEN, STARTED, "utm_source", "referrer", "project_type"):
        assert first.fields[name] is not second.fields[name], name
        assert first.fields[name].widget is not second.fields[name].widget, name
    first.fields["utm_source"].widget.attrs["data-x"] = "1"
    first.fields["project_type"].widget.attrs["data-x"] = "1"
    first.fields[HONEYPOT].widget.attrs["data-x"] = "1"
    third = ProjectInquiryForm()
    assert "data-x" not in third.fields["utm_source"].widget.attrs
    assert "data-x" not in third.fields["project_type"].widget.attrs
    assert "data-x" not in third.fields[HONEYPOT].widget.attrs
    assert third.fields[HONEYPOT].widget.attrs["tabindex"] == "-1"
    assert third.initial[TOKEN] != first.initial[TOKEN]
    with translation.override("fr"):
        assert "Relocalisation" in str(ProjectInquiryForm()["project_type"])
    with translation.override("en"):
        assert "Relocation" in str(ProjectInquiryForm()["project_type"])
    bound = ProjectInquiryForm({"project_type": "<script>", "timeline": "never"})
    assert not bound.is_valid()
    assert {"project_type", "timeline"} <= set(bound.errors)
