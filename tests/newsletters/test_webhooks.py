"""Bounces and complaints from a mail provider: real Postmark-shaped payloads posted to
django-anymail's Postmark tracking webhook (``/anymail/postmark/tracking/``, HTTP basic
auth), for messages really sent to the aiosmtpd sink; the provider reference is read from
the message as the server received it. Two territories share one address: an event about
A's message never suppresses B's subscriber. Unreadable payloads are 400s, never 500s."""

import base64
import json

import pytest
from django.conf import settings
from django.test import Client

from newsletters.composing import ESP_KEY, esp_reference
from newsletters.models import Delivery, Subscriber, Subscription
from newsletters.services import delivery_provider_event, newsletter_report

from .test_sending import run
from .world import audience, scheduled_letter

pytestmark = pytest.mark.django_db

URL = "/anymail/postmark/tracking/"
SHARED = "shared@example.org"
HOST = "lyonne.test"  # the provider posts to one territory's host; events name any territory
Suppression = Subscriber.Suppression


def auth(secret=None):
    value = secret or settings.ANYMAIL["WEBHOOK_SECRET"]
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(value.encode()).decode()}


@pytest.fixture
def sent(two_territories, sink, django_capture_on_commit_callbacks):
    """A letter sent in A and one in B, both to the same address (one subscriber each)."""
    a, b = (tenant.territory for tenant in two_territories)
    assert two_territories[0].host == HOST
    letters = {}
    for territory, prefix in ((a, "a"), (b, "b")):
        people = audience(territory, 2, prefix=prefix)
        person = Subscriber.objects.create(territory=territory, email=SHARED)
        Subscription.objects.create(
            subscriber=person,
            mailing_list=people,
            status="confirmed",
            consent_source="import",
            consent_at=person.created_at,
        )
        letters[territory.pk] = scheduled_letter(territory, people)
    for letter in letters.values():
        run(letter, django_capture_on_commit_callbacks)
    headers = {
        message[f"X-PM-Metadata-{ESP_KEY}"]
        for recipient, message in sink.messages
        if recipient == SHARED
    }
    delivery = {t: Delivery.objects.get(newsletter=letters[t.pk], email=SHARED) for t in (a, b)}
    reference = {t: esp_reference(row.pk) for t, row in delivery.items()}
    assert headers == set(reference.values())  # the values really sent, in the messages
    return a, b, delivery, reference


def bounce(reference, email=SHARED, kind="HardBounce", record="Bounce"):
    return {
        "RecordType": record,
        "ID": 42,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "newsletter",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {ESP_KEY: reference},
        "ServerID": 23,
        "MessageStream": "broadcast",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account does not exist.",
        "Email": email,
        "From": "lettre@example.org",
        "BouncedAt": "2026-12-03T08:00:00.0000000Z",
        "Inactive": True,
        "CanActivate": True,
    }


def post(client, payload, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    extra = {**auth(), "HTTP_HOST": HOST, **extra}
    return client.post(URL, body, content_type="application/json", **extra)


def suppressions():
    return dict(Subscriber.objects.filter(email=SHARED).values_list("territory_id", "suppressed"))


def test_a_hard_bounce_suppresses_the_address_in_its_territory_only(sent):
    a, b, delivery, reference = sent
    client = Client()
    response = post(client, bounce(reference[a]), HTTP_HOST=b.site.hostname)
    assert response.status_code == 200
    assert suppressions() == {a.pk: Suppression.BOUNCE, b.pk: ""}
    row = Delivery.objects.get(pk=delivery[a].pk)
    assert row.state == Delivery.State.BOUNCED and row.esp_event == "bounced"
    assert Delivery.objects.get(pk=delivery[b].pk).state == Delivery.State.SENT
    report = newsletter_report(row.newsletter).as_dict()
    assert report["bounced"] == 1 and report["delivered"] == 2


def test_complaint_and_unsubscribe_and_deferred(sent):
    a, b, delivery, reference = sent
    client = Client()
    complaint = {**bounce(reference[b], kind="SpamComplaint", record="SpamComplaint")}
    assert post(client, complaint).status_code == 200
    assert suppressions() == {a.pk: "", b.pk: Suppression.COMPLAINT}
    assert newsletter_report(delivery[b].newsletter).as_dict()["complaints"] == 1
    deferred = bounce(reference[a], kind="Transient")
    assert post(client, deferred).status_code == 200
    assert suppressions()[a.pk] == ""  # a temporary failure suppresses nothing
    unsubscribed = {
        "RecordType": "SubscriptionChange",
        "MessageID": "x",
        "Recipient": SHARED,
        "SuppressSending": True,
        "SuppressionReason": "ManualSuppression",
        "ChangedAt": "2026-12-03T08:00:00Z",
        "Metadata": {ESP_KEY: reference[a]},
    }
    assert post(client, unsubscribed).status_code == 200
    assert suppressions() == {a.pk: Suppression.UNSUBSCRIBED, b.pk: Suppression.COMPLAINT}
    statuses = set(
        Subscription.objects.filter(subscriber__territory=a, subscriber__email=SHARED)
        .values_list("status", flat=True)
    )  # fmt: skip
    assert statuses == {Subscription.Status.UNSUBSCRIBED}


def test_forged_foreign_or_mismatched_references_suppress_nobody(sent):
    a, b, delivery, reference = sent
    client = Client()
    other_reader = Delivery.objects.filter(newsletter=delivery[a].newsletter).exclude(
        email=SHARED
    ).first()  # fmt: skip
    hostile = [
        bounce(f"{delivery[a].pk}:forged"),  # a forged signature
        bounce(str(delivery[a].pk)),  # a bare id
        bounce(reference[a], email="someone.else@example.org"),  # another address
        bounce(esp_reference(other_reader.pk)),  # A's other reader's reference, our address
        bounce(esp_reference(10**12)),  # no such delivery
        {**bounce(reference[a]), "Metadata": {}},  # no reference at all
    ]
    for payload in hostile:
        assert post(client, payload).status_code == 200  # understood, not ours: nothing
    assert suppressions() == {a.pk: "", b.pk: ""}
    assert not Subscriber.objects.exclude(suppressed="").exists()
    # our own Message-ID, as providers that keep it report it: newsletter and row must match
    foreign = f"<nl{delivery[b].newsletter_id}.d{delivery[a].pk}@territoria.newsletters>"
    assert delivery_provider_event(event_type="bounced", recipient=SHARED, message_id=foreign,
                                   metadata={}) == "unknown"  # fmt: skip
    own = f"<nl{delivery[a].newsletter_id}.d{delivery[a].pk}@territoria.newsletters>"
    assert delivery_provider_event(event_type="bounced", recipient=SHARED.upper(),
                                   message_id=own, metadata=None) == "suppressed"  # fmt: skip
    assert suppressions() == {a.pk: Suppression.BOUNCE, b.pk: ""}


def test_malformed_or_unauthenticated_payloads_are_400_never_500(sent):
    a, b, _delivery, reference = sent
    client = Client(raise_request_exception=False)
    cases = {
        "not JSON": "{not json",
        "a list": json.dumps([bounce(reference[a])]),
        "a string": json.dumps("Bounce"),
        "a number": "42",
        "metadata a string": json.dumps({**bounce(reference[a]), "Metadata": "x"}),
        "invalid UTF-8": b"\xff\xfe{",
        "an inbound payload": json.dumps({"FromFull": {"Email": "x@example.org"}}),
        "empty": "",
    }
    for case, body in cases.items():
        response = post(client, body)
        assert response.status_code == 400, (case, response.status_code)
    wrong = post(client, bounce(reference[a]), **auth("provider:wrong"))
    assert wrong.status_code == 400
    missing = client.post(
        URL, json.dumps(bounce(reference[a])), content_type="application/json", HTTP_HOST=HOST
    )
    assert missing.status_code == 400
    assert client.get(URL, HTTP_HOST=HOST, **auth()).status_code == 405
    assert suppressions() == {a.pk: "", b.pk: ""}
