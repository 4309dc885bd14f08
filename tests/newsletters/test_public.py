"""The public side: subscription with double opt-in, confirmation, preferences, one-click
unsubscribe (RFC 8058), web version. Two territories; forged, expired, foreign tokens."""

import re
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from core.models import OutboxMessage
from newsletters import sending, tokens
from newsletters.models import MailingList, Newsletter, Subscriber, Subscription
from newsletters.urls import preferences_url, unsubscribe_url
from newsletters.views import LINK_ERRORS
from tests.public_forms import token_in

from .world import audience, scheduled_letter

pytestmark = pytest.mark.django_db

STARTED = re.compile(r'name="form_started" value="([^"]+)"')
URL = "/fr/newsletter/"
Status = Subscription.Status


@pytest.fixture
def lists(two_territories, clean_outbox):
    a, b = (tenant.territory for tenant in two_territories)
    return (
        MailingList.objects.create(territory=a, name="La lettre éco", language="fr"),
        MailingList.objects.create(territory=b, name="Lettre de B", language="fr"),
    )


def subscribe(client, host, data, *, later=60):
    page = client.get(URL, HTTP_HOST=host)
    payload = {
        "submission_token": token_in(page),
        "form_started": STARTED.search(page.content.decode())[1],
        "consent": "on",
        **data,
    }
    with mock.patch("core.public_forms.time.time", return_value=time.time() + later):
        return client.post(URL, payload, HTTP_HOST=host)


def confirmation_link() -> str:
    (message,) = OutboxMessage.objects.filter(handler="core.mail.send_email")
    match = re.search(r"https?://\S+/confirm/\S+/", message.kwargs["body"])
    return urlsplit(match[0]).path


def test_double_opt_in_end_to_end(
    client, two_territories, lists, django_capture_on_commit_callbacks
):
    tenant = two_territories[0]
    own, _foreign = lists
    page = client.get(URL, HTTP_HOST=tenant.host)
    assert page.status_code == 200 and "La lettre éco" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=False):
        response = subscribe(
            client, tenant.host, {"email": " Camille@Example.COM ", "lists": [own.pk]}
        )
    assert response.status_code == 303 and response["Location"] == f"{URL}?sent=1"
    subscription = Subscription.objects.get()
    assert subscription.subscriber.email == "camille@example.com"
    assert subscription.status == Status.UNCONFIRMED and subscription.consent_text
    message = OutboxMessage.objects.get(handler="core.mail.send_email")
    assert message.kwargs["to"] == ["camille@example.com"]
    assert tenant.territory.sender_email in message.kwargs["from_email"]
    # Not confirmed yet: a send does not reach this person.
    letter = scheduled_letter(tenant.territory, own)
    assert not sending.recipients(letter).exists()
    link = confirmation_link()
    confirmed = client.get(link, HTTP_HOST=tenant.host)
    assert confirmed.status_code == 200 and "La lettre éco" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED and subscription.confirmed_at
    assert client.get(link, HTTP_HOST=tenant.host).status_code == 200  # twice: harmless
    assert list(sending.recipients(letter)) == [subscription.subscriber]


def test_confirmation_tokens_forged_expired_or_foreign_confirm_nothing(
    client, two_territories, lists
):
    a, b = two_territories
    own, _foreign = lists
    person = Subscriber.objects.create(territory=a.territory, email="x@example.com")
    Subscription.objects.create(
        subscriber=person, mailing_list=own, consent_source="form", consent_at=timezone.now()
    )
    good = tokens.make(tokens.CONFIRM, territory_id=a.territory.pk, subscriber_id=person.pk,
                       list_ids=[own.pk])  # fmt: skip
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 8 * 86400):
        expired = tokens.make(tokens.CONFIRM, territory_id=a.territory.pk,
                              subscriber_id=person.pk, list_ids=[own.pk])  # fmt: skip
    forged = good[:-3] + ("abc" if not good.endswith("abc") else "xyz")
    other_purpose = tokens.make(tokens.PREFERENCES, territory_id=a.territory.pk,
                                subscriber_id=person.pk)  # fmt: skip
    cases = {
        f"/fr/newsletter/confirm/{expired}/": (a.host, "expired"),
        f"/fr/newsletter/confirm/{forged}/": (a.host, "invalid"),
        f"/fr/newsletter/confirm/{other_purpose}/": (a.host, "invalid"),
        f"/fr/newsletter/confirm/{'x' * 3000}/": (a.host, "invalid"),
        f"/fr/newsletter/confirm/{good}/": (b.host, "invalid"),  # A's link on B's site
    }
    for url, (host, reason) in cases.items():
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code == 400, url
        assert response.context["message"] == LINK_ERRORS[reason]
        assert escape(str(LINK_ERRORS[reason]))[:20] in response.content.decode()
    assert Subscription.objects.get(subscriber=person).status == Status.UNCONFIRMED


def test_bad_input_on_the_form_is_a_400_and_robots_get_the_thank_you(
    client, two_territories, lists
):
    tenant = two_territories[0]
    own, foreign = lists
    hostile = "<script>alert(1)</script>@example.com"
    for data in (
        {"email": hostile, "lists": [own.pk]},
        {"email": "a@example.com", "lists": [foreign.pk]},  # another territory's list
        {"email": "a@example.com", "lists": ["1 OR 1=1"]},
        {"email": "a@example.com"},  # no list
    ):
        response = subscribe(client, tenant.host, data)
        assert response.status_code == 400, data
        assert "<script>alert(1)" not in response.content.decode()
    robot = subscribe(client, tenant.host, {"email": "bot@example.com", "lists": [own.pk],
                                            "website_url": "http://spam"})  # fmt: skip
    too_fast = subscribe(client, tenant.host, {"email": "fast@example.com", "lists": [own.pk]},
                         later=0)  # fmt: skip
    assert robot.status_code == too_fast.status_code == 303
    assert not Subscriber.objects.exists()
    assert not OutboxMessage.objects.filter(handler="core.mail.send_email").exists()


def test_one_click_unsubscribe_needs_no_login_nor_csrf(two_territories, lists):
    a, b = two_territories
    own, _foreign = lists
    person = Subscriber.objects.create(territory=a.territory, email="reader@example.com")
    Subscription.objects.create(subscriber=person, mailing_list=own, status=Status.CONFIRMED,
                                consent_source="import", consent_at=timezone.now())  # fmt: skip
    url = urlsplit(unsubscribe_url(a.territory, person.pk, [own.pk])).path
    client = Client(enforce_csrf_checks=True)
    shown = client.get(url, HTTP_HOST=a.host)
    assert shown.status_code == 200 and 'method="post"' in shown.content.decode()
    assert Subscription.objects.get(subscriber=person).status == Status.CONFIRMED
    assert client.post(url, {"List-Unsubscribe": "One-Click"}, HTTP_HOST=b.host).status_code == 400
    assert Subscription.objects.get(subscriber=person).status == Status.CONFIRMED
    response = client.post(url, {"List-Unsubscribe": "One-Click"}, HTTP_HOST=a.host)
    assert response.status_code == 200
    assert Subscription.objects.get(subscriber=person).status == Status.UNSUBSCRIBED
    assert client.post(url, HTTP_HOST=a.host).status_code == 200  # twice: harmless
    forged = client.post(url.replace("/unsubscribe/", "/unsubscribe/x"), HTTP_HOST=a.host)
    assert forged.status_code == 400


def test_preferences_page(client, two_territories, lists):
    a, b = two_territories
    own, _foreign = lists
    second = MailingList.objects.create(territory=a.territory, name="Agenda", language="fr")
    person = Subscriber.objects.create(territory=a.territory, email="pref@example.com")
    Subscription.objects.create(subscriber=person, mailing_list=own, status=Status.CONFIRMED,
                                consent_source="import", consent_at=timezone.now())  # fmt: skip
    url = urlsplit(preferences_url(a.territory, person.pk, "fr")).path
    assert client.get(url, HTTP_HOST=b.host).status_code == 400
    page = client.get(url, HTTP_HOST=a.host)
    assert page.status_code == 200 and "Agenda" in page.content.decode()
    assert client.post(url, {"lists": [second.pk]}, HTTP_HOST=a.host).status_code == 200
    statuses = dict(Subscription.objects.values_list("mailing_list__name", "status"))
    assert statuses == {"La lettre éco": Status.UNSUBSCRIBED, "Agenda": Status.CONFIRMED}
    assert client.post(url, {"lists": ["999999"]}, HTTP_HOST=a.host).status_code == 400
    client.post(url, {"unsubscribe_all": "1"}, HTTP_HOST=a.host)
    assert set(Subscription.objects.values_list("status", flat=True)) == {Status.UNSUBSCRIBED}


def test_web_version_only_for_sent_letters_of_the_site(
    client, two_territories, sink, django_capture_on_commit_callbacks
):
    a, b = two_territories
    letter = scheduled_letter(a.territory, audience(a.territory, 2), subject="Lettre <b>web</b>")
    url = f"/fr/newsletter/letters/{letter.public_key}/"
    assert client.get(url, HTTP_HOST=a.host).status_code == 404  # not sent yet
    with django_capture_on_commit_callbacks(execute=True):
        sending.deliveries_sweep()
    response = client.get(url, HTTP_HOST=a.host)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lettre &lt;b&gt;web&lt;/b&gt;" in html and "<script" not in html and "%%" not in html
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert client.get(url, HTTP_HOST=b.host).status_code == 404
    assert Newsletter.objects.get(pk=letter.pk).status in ("sending", "sent")
