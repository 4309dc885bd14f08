"""Sending in this process to a real SMTP server (aiosmtpd): one message per recipient
whatever is retried, duplicated or interrupted. The same tests with a real Celery worker
killed mid-send are in test_crash.py."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from newsletters import sending
from newsletters.models import Delivery, Newsletter, Subscriber, Subscription
from newsletters.services import newsletter_pause, newsletter_resume, subscription_unsubscribe

from .world import audience, scheduled_letter

pytestmark = pytest.mark.django_db

State = Delivery.State


def run(letter, django_capture_on_commit_callbacks):
    """What beat and the batch chain do (eagerly): start, then batches until none is due."""
    with django_capture_on_commit_callbacks(execute=True):
        sending.deliveries_sweep()
    for _ in range(200):
        with django_capture_on_commit_callbacks(execute=True):
            counts = sending.send_batch(letter.pk)
        if not any(counts.values()):
            break


def states(letter) -> dict:
    rows = Delivery.objects.filter(newsletter=letter)
    return {
        state: rows.filter(state=state).count()
        for state in State.values
        if rows.filter(state=state).exists()
    }


def test_every_confirmed_subscriber_gets_one_message(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    people = audience(own, 120)
    pending = Subscriber.objects.create(territory=own, email="pending@example.com")
    Subscription.objects.create(
        subscriber=pending, mailing_list=people, consent_source="form", consent_at=timezone.now()
    )  # unconfirmed: never mailed
    letter = scheduled_letter(own, people)
    run(letter, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENT
    assert states(letter) == {State.SENT: 120}
    assert len(sink.per_recipient) == 120 and set(sink.per_recipient.values()) == {1}
    assert "pending@example.com" not in sink.per_recipient
    _recipient, message = sink.messages[0]
    assert message["From"] == f"{own.name} <{own.sender_email}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"].strip().startswith(f"<{own.root_url}/newsletters/unsubscribe/")
    )
    assert message.get_body(("plain",)).get_content().count("preferences/") == 1
    html = message.get_body(("html",)).get_content()
    assert "%%" not in html and "<script" not in html


def test_a_batch_run_twice_sends_nothing_twice(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 30))
    with django_capture_on_commit_callbacks(execute=False):
        sending.deliveries_sweep()
    with override_settings(TERRITORIA_NEWSLETTER_BATCH=1000):
        first = sending.send_batch(letter.pk)
        again = sending.send_batch(letter.pk)  # the broker delivered it twice
    assert first["sent"] == 30 and not any(again.values())
    assert set(sink.per_recipient.values()) == {1} and len(sink.per_recipient) == 30


def test_451_is_retried_later_and_delivered_once(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 5))
    slow = f"reader2@{own.site.hostname}"
    sink.script[slow] = ["451 4.7.1 Greylisted, try again later", "250 OK"]
    run(letter, django_capture_on_commit_callbacks)
    row = Delivery.objects.get(newsletter=letter, email=slow)
    assert row.state == State.PENDING and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert sink.per_recipient[slow] == 0
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # time passes
    run(letter, django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.state == State.SENT
    assert sink.per_recipient[slow] == 1 and len(sink.per_recipient) == 5
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENT


def test_550_suppresses_the_address_without_retry(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    people = audience(own, 4)
    gone = f"reader1@{own.site.hostname}"
    sink.script[gone] = ["550 5.1.1 No such user"]
    letter = scheduled_letter(own, people)
    run(letter, django_capture_on_commit_callbacks)
    row = Delivery.objects.get(newsletter=letter, email=gone)
    assert row.state == State.BOUNCED and row.attempts == 0
    assert Subscriber.objects.get(email=gone).suppressed == Subscriber.Suppression.BOUNCE
    assert sink.rcpt_answers[(gone, "550")] == 1  # asked once, never again
    # The next letter to the same list does not even try the address.
    second = scheduled_letter(own, people, subject="Deuxième lettre")
    run(second, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(newsletter=second, email=gone).exists()
    assert sink.rcpt_answers[(gone, "550")] == 1
    assert sink.per_recipient[gone] == 0 and len(sink.per_recipient) == 3


def test_unsubscribing_during_the_send_stops_the_mail(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 10))
    with django_capture_on_commit_callbacks(execute=False):
        sending.deliveries_sweep()  # started: ten rows, all pending
    token, rows = sending.claim_batch(letter.pk)  # a worker has claimed them…
    leaver = Subscriber.objects.get(email=rows[5].email)
    subscription_unsubscribe(subscriber=leaver)  # …and this person unsubscribes now
    Delivery.objects.filter(claim=token).update(state=State.PENDING, claim=None)
    run(letter, django_capture_on_commit_callbacks)
    assert Delivery.objects.get(newsletter=letter, subscriber=leaver).state == State.SKIPPED
    assert sink.per_recipient[leaver.email] == 0 and len(sink.per_recipient) == 9


def test_pause_then_resume(two_territories, sink, django_capture_on_commit_callbacks):
    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 60))
    with django_capture_on_commit_callbacks(execute=False):
        sending.deliveries_sweep()
    with override_settings(TERRITORIA_NEWSLETTER_BATCH=20):
        sending.send_batch(letter.pk)
        newsletter_pause(newsletter=letter)
        assert not any(sending.send_batch(letter.pk).values())
        assert sink.total() == 20
        with django_capture_on_commit_callbacks(execute=False) as queued:
            newsletter_resume(newsletter=letter)
        assert queued  # the batches are queued again on commit
        run(letter, django_capture_on_commit_callbacks)
    assert sink.total() == 60 and set(sink.per_recipient.values()) == {1}


def test_expired_claims_are_requeued_and_an_interrupted_data_is_uncertain(
    two_territories, sink, django_capture_on_commit_callbacks
):
    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 6))
    with django_capture_on_commit_callbacks(execute=False):
        sending.deliveries_sweep()
    token, rows = sending.claim_batch(letter.pk)  # a worker took them and was killed
    in_flight = rows[0]
    Delivery.objects.filter(pk=in_flight.pk).update(state=State.SENDING)  # killed in DATA
    past = timezone.now() - timedelta(seconds=1)
    Delivery.objects.filter(claim=token).update(claimed_until=past)
    with django_capture_on_commit_callbacks(execute=False):
        result = sending.deliveries_sweep()
    assert result["requeued"] == 5 and result["uncertain"] == 1
    run(letter, django_capture_on_commit_callbacks)
    assert Delivery.objects.get(pk=in_flight.pk).state == State.UNCERTAIN  # not resent
    assert sink.per_recipient[in_flight.email] == 0 and sink.total() == 5
    # The server's log says it never got it: reconciliation sends it, once.
    with django_capture_on_commit_callbacks(execute=False):
        settled = sending.deliveries_reconcile(newsletter=letter, accepted_message_ids=set())
    assert settled == {"sent": 0, "pending": 1}
    run(letter, django_capture_on_commit_callbacks)
    assert sink.per_recipient[in_flight.email] == 1
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENT


def test_two_territories_sends_never_mix(two_territories, sink, django_capture_on_commit_callbacks):
    a, b = (tenant.territory for tenant in two_territories)
    letter_a = scheduled_letter(a, audience(a, 25, prefix="a"), subject="Lettre de A")
    letter_b = scheduled_letter(b, audience(b, 25, prefix="b"), subject="Lettre de B")
    with django_capture_on_commit_callbacks(execute=True):
        sending.deliveries_sweep()
    with override_settings(TERRITORIA_NEWSLETTER_BATCH=5):
        for _ in range(10):  # interleaved batches
            sending.send_batch(letter_a.pk)
            sending.send_batch(letter_b.pk)
    assert sink.total() == 50
    for recipient, message in sink.messages:
        territory, letter = (a, letter_a) if recipient.endswith(a.site.hostname) else (b, letter_b)
        assert message["From"] == f"{territory.name} <{territory.sender_email}>"
        assert message["Subject"] == letter.subject
        assert territory.root_url in message["List-Unsubscribe"]
        assert letter.subject in message.get_body(("plain",)).get_content()


def test_without_a_broker_the_command_sends_everything(two_territories, sink, tmp_path):
    import io

    from django.core.management import call_command

    own = two_territories[0].territory
    letter = scheduled_letter(own, audience(own, 250))
    with override_settings(TERRITORIA_NEWSLETTER_BATCH=50):
        call_command("newsletters_send", stdout=io.StringIO())
    assert sink.total() == 250 and set(sink.per_recipient.values()) == {1}
    letter.refresh_from_db()
    assert letter.status == Newsletter.Status.SENT
    Delivery.objects.filter(newsletter=letter, pk=Delivery.objects.first().pk).update(
        state=State.UNCERTAIN
    )
    accepted = tmp_path / "accepted.txt"
    accepted.write_text("\n".join(sink.message_ids))
    out = io.StringIO()
    call_command("newsletter_reconcile", letter.pk, accepted, stdout=out)
    assert "'sent': 1" in out.getvalue() and sink.total() == 250
