"""Bulk sending with exactly one message per recipient (docs/newsletters.md, "Exactly once").

A send is a set of ``Delivery`` rows, one per (newsletter, subscriber) under a unique
constraint, made when the send starts (``send_start``, with the content frozen). Batch tasks
on the ``bulk`` queue each *claim* up to ``BATCH`` due rows atomically (``SELECT … FOR UPDATE
SKIP LOCKED`` then ``UPDATE … SET state='claimed', claim=<uuid>``), open one SMTP
connection, and for each row: MAIL FROM, and while the server answers it one statement
marks the row ``sending`` (still under its claim, and only if the person is still
subscribed) and the previous row ``sent`` (``Marker``); then RCPT TO and DATA. A batch
then queues the next one (a chain); ``CHAINS`` chains run side by side.

What each failure leaves:

- a task delivered twice: the second claims other rows, or none;
- a worker killed holding claimed rows: their claim expires, the sweeper puts them back to
  ``pending`` (nothing of them reached DATA);
- a worker killed during DATA (or the connection lost then): the row stays ``sending``; its
  claim expires and the sweeper marks it ``uncertain``, never resent blindly;
  ``deliveries_reconcile`` settles it from the server's log (Message-IDs are per delivery);
- 4xx: back to ``pending`` with a backoff, ``failed`` after ``MAX_ATTEMPTS``; 5xx: ``bounced``
  and the address is suppressed for every list of the territory.

This module does not go through ``core.mail``'s outbox: the outbox keeps one row per
message and marks it done after the handler returns, which cannot tell "accepted, not
recorded" from "not sent". It uses the same real backend (``core.mail.delivery_connection``).
"""

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.mail import delivery_connection

from .models import Delivery, Newsletter, NewsletterSettings, Subscriber, Subscription
from .rendering import render_newsletter

logger = logging.getLogger(__name__)

State = Delivery.State
MAX_ATTEMPTS = 5
STATUS_CHECK_EVERY = 25  # messages between two looks at the newsletter's status (pause)
OPEN = (State.PENDING, State.CLAIMED, State.SENDING)


def batch_size() -> int:
    return settings.TERRITORIA_NEWSLETTER_BATCH


def lease() -> timedelta:
    return timedelta(seconds=settings.TERRITORIA_NEWSLETTER_CLAIM_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    base = settings.TERRITORIA_NEWSLETTER_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def sender_of(territory) -> str:
    address = territory.sender_email or settings.DEFAULT_FROM_EMAIL
    return formataddr((territory.name, address)) if territory.sender_email else address


def envelope_sender(territory) -> str:
    from email.utils import parseaddr

    return territory.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


# --- Who receives it ------------------------------------------------------------------


def subscribed(list_ids, subscriber_ref: str = "pk"):
    """Subscribers (``pk``) or deliveries (``subscriber``) confirmed in one of the lists."""
    return Exists(
        Subscription.objects.filter(
            subscriber=OuterRef(subscriber_ref),
            mailing_list_id__in=list_ids,
            status=Subscription.Status.CONFIRMED,
        )
    )


def recipients(newsletter):
    """Confirmed, unsuppressed subscribers of the letter's lists, in its segment."""
    list_ids = list(newsletter.lists.values_list("pk", flat=True))
    people = Subscriber.objects.filter(territory=newsletter.territory_id, suppressed="").filter(
        subscribed(list_ids)
    )
    segment_keys = list(newsletter.segment.values_list("translation_key", flat=True))
    if segment_keys:
        people = people.filter(interests__translation_key__in=segment_keys).distinct()
    return people


def _still_subscribed_q(list_ids) -> Q:
    return Q(subscribed(list_ids, "subscriber"), subscriber__suppressed="")


# --- Starting a send ------------------------------------------------------------------


def send_start(newsletter_id: int) -> bool:
    """Start a scheduled send once: freeze the content, make the delivery rows (one per
    recipient, unique), queue the batches after the commit. False if it is not due."""
    with transaction.atomic():
        newsletter = (
            Newsletter.objects.select_for_update()
            .filter(pk=newsletter_id, status=Newsletter.Status.SCHEDULED)
            .select_related("territory__site")
            .first()
        )
        if newsletter is None:
            return False
        knobs = NewsletterSettings.objects.filter(territory=newsletter.territory_id).first()
        newsletter.tracking = bool(knobs and knobs.tracking)
        newsletter.reply_to = knobs.reply_to if knobs else ""
        rendered = render_newsletter(newsletter, tracking=newsletter.tracking)
        newsletter.sent_subject = rendered.subject
        newsletter.sent_html = rendered.html
        newsletter.sent_text = rendered.text
        newsletter.from_email = sender_of(newsletter.territory)
        newsletter.status = Newsletter.Status.SENDING
        newsletter.started_at = timezone.now()
        newsletter.save(
            update_fields=["sent_subject", "sent_html", "sent_text", "from_email", "status",
                           "started_at", "tracking", "reply_to", "updated_at"]
        )  # fmt: skip
        fan_out(newsletter)
        transaction.on_commit(lambda: enqueue_chains(newsletter_id), robust=True)
    return True


def fan_out(newsletter, chunk: int = 2000) -> int:
    """One pending row per recipient; a second run adds only the missing ones."""
    now = timezone.now()
    made = 0
    rows = []
    people = recipients(newsletter).order_by("pk").values_list("pk", "email")
    for subscriber_id, email in people.iterator(chunk_size=chunk):
        rows.append(
            Delivery(
                newsletter_id=newsletter.pk,
                subscriber_id=subscriber_id,
                email=email,
                next_attempt_at=now,
            )
        )
        if len(rows) >= chunk:
            Delivery.objects.bulk_create(rows, ignore_conflicts=True)
            made += len(rows)
            rows = []
    if rows:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        made += len(rows)
    return made


def enqueue_chains(newsletter_id: int, count: int | None = None) -> None:
    from .tasks import send_batch

    for _ in range(count or settings.TERRITORIA_NEWSLETTER_CHAINS):
        try:
            send_batch.apply_async(kwargs={"newsletter_id": newsletter_id}, retry=False)
        except Exception as error:  # the broker: the sweeper queues them again
            logger.warning("Newsletter %s: batch not queued (%r)", newsletter_id, error)
            return


# --- A batch --------------------------------------------------------------------------


@dataclass
class Claimed:
    pk: int
    subscriber_id: int
    email: str
    attempts: int


def claim_batch(newsletter_id: int) -> tuple[uuid.UUID, list[Claimed]]:
    """Take up to ``batch_size()`` due pending rows for this worker, atomically."""
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(newsletter_id=newsletter_id, state=State.PENDING, next_attempt_at__lte=now)
            .order_by("pk")
            .values_list("pk", flat=True)[: batch_size()]
        )
        if not ids:
            return token, []
        Delivery.objects.filter(pk__in=ids, state=State.PENDING).update(
            state=State.CLAIMED, claim=token, claimed_until=now + lease()
        )
    rows = Delivery.objects.filter(claim=token, state=State.CLAIMED).order_by("pk")
    return token, [
        Claimed(*row) for row in rows.values_list("pk", "subscriber_id", "email", "attempts")
    ]


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


class ConnectionLost(Exception):
    """The connection failed; ``during_data``: the server may have accepted the message."""

    def __init__(self, error, *, during_data: bool):
        super().__init__(repr(error))
        self.during_data = during_data


class Session:
    """One connection to the real backend for a batch; SMTP commands one by one when it is
    SMTP (so that the row is marked between RCPT and DATA), ``send_messages`` otherwise."""

    def __init__(self):
        self.backend = delivery_connection()
        self.smtp = None

    def __enter__(self):
        self.backend.open()
        smtp = getattr(self.backend, "connection", None)
        self.smtp = smtp if isinstance(smtp, smtplib.SMTP) else None
        return self

    def __exit__(self, *exc):
        # A dead connection has nothing to close.
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.backend.close()

    def envelope(self, sender: str, recipient: str, mark) -> bool:
        """MAIL FROM, then ``mark()`` (the database's "sending" mark: it runs while the
        server answers MAIL FROM), then RCPT TO if it marked. Returns what ``mark`` said."""
        if self.smtp is None:
            return mark()
        try:
            self.smtp.ehlo_or_helo_if_needed()
            self.smtp.putcmd("mail", f"FROM:{smtplib.quoteaddr(sender)}")
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionLost(error, during_data=False) from error
        marked = mark()
        try:
            code, text = self.smtp.getreply()
            if code == 250 and marked:
                code, text = self.smtp.rcpt(recipient)
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionLost(error, during_data=False) from error
        if not marked:
            self._reset()
            return False
        if code in (250, 251):
            return True
        self._reset()
        detail = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        raise (PermanentFailure if 500 <= code < 600 else TemporaryFailure)(detail[:400])

    def data(self, message) -> None:
        """``message``: bytes on SMTP, an ``EmailMessage`` otherwise."""
        if self.smtp is None:
            self.backend.send_messages([message])
            return
        try:
            self.smtp.data(message)
        except smtplib.SMTPDataError as error:
            self._reset()
            detail = f"{error.smtp_code} {error.smtp_error!r}"[:400]
            raise (PermanentFailure if 500 <= error.smtp_code < 600 else TemporaryFailure)(
                detail
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionLost(error, during_data=True) from error

    def _reset(self):
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self.smtp.rset()


def rate_wait(territory_id: int) -> None:
    """At most ``TERRITORIA_NEWSLETTER_RATE`` messages a second per territory, across every
    worker (a counter per second in the cache); the cache down lets the message go."""
    rate = settings.TERRITORIA_NEWSLETTER_RATE
    if not rate:
        return
    while True:
        second = int(time.time())
        key = f"newsletters:rate:{territory_id}:{second}"
        try:
            cache.add(key, 0, timeout=5)
            count = cache.incr(key)
        except Exception:  # the cache, whatever it raised: do not hold the send
            return
        if count <= rate:
            return
        time.sleep(max(second + 1 - time.time(), 0.01))


def _set(row_pk: int, token, from_state: str, **values) -> int:
    return Delivery.objects.filter(pk=row_pk, claim=token, state=from_state).update(**values)


def release(token) -> int:
    """Claimed rows a batch did not reach go back to the queue at once."""
    return Delivery.objects.filter(claim=token, state=State.CLAIMED).update(
        state=State.PENDING, claim=None, claimed_until=None
    )


def suppress(subscriber_id: int, reason: str) -> None:
    Subscriber.objects.filter(pk=subscriber_id, suppressed="").update(
        suppressed=reason, suppressed_at=timezone.now()
    )


class Marker:
    """The two marks of each message in one statement (one round trip, one commit): the
    previous message ``sent`` (its DATA was accepted) and the next one ``sending`` (before
    its DATA; only under our claim and if the person is still confirmed on one of the lists
    and not suppressed). A crash between a DATA and the next statement leaves that row
    ``sending``, hence ``uncertain``: never resent blindly, as when the marks were apart."""

    def __init__(self, token, list_ids):
        from django.db import connection

        self.connection = connection
        self.token = Delivery._meta.get_field("claim").get_db_prep_value(token, connection)
        self.done = None  # the row whose DATA was accepted, not yet marked sent
        d = Delivery._meta.db_table
        subscription = Subscription._meta.db_table
        subscriber = Subscriber._meta.db_table
        self.list_ids = [int(pk) for pk in list_ids]
        lists = ", ".join(["%s"] * len(self.list_ids)) or "NULL"
        # Table names from the models and states from their choices; every value a parameter.
        self.sql = (
            f"UPDATE {d} SET "  # noqa: S608
            f"state = CASE WHEN id = %s THEN '{State.SENT}' ELSE '{State.SENDING}' END, "
            "sent_at = CASE WHEN id = %s THEN %s ELSE sent_at END, "
            "claim = CASE WHEN id = %s THEN NULL ELSE claim END, "
            "claimed_until = CASE WHEN id = %s THEN claimed_until ELSE %s END "
            f"WHERE claim = %s AND ((id = %s AND state = '{State.SENDING}') OR "
            f"(id = %s AND state = '{State.CLAIMED}' AND EXISTS (SELECT 1 FROM {subscription} s "
            f"WHERE s.subscriber_id = {d}.subscriber_id AND s.status = "
            f"'{Subscription.Status.CONFIRMED}' AND s.mailing_list_id IN ({lists})) AND EXISTS "
            f"(SELECT 1 FROM {subscriber} p WHERE p.id = {d}.subscriber_id AND p.suppressed = ''"
            "))) RETURNING id"
        )

    def _run(self, next_id) -> set[int]:
        done = self.done
        if done is None and next_id is None:
            return set()
        field = Delivery._meta.get_field("sent_at")
        now = timezone.now()
        at = field.get_db_prep_value(now, self.connection)
        until = field.get_db_prep_value(now + lease(), self.connection)
        params = [done, done, at, done, done, until, self.token, done, next_id, *self.list_ids]
        if self.connection.vendor == "postgresql":
            # A prepared statement (planned once per connection, not per message).
            import psycopg

            self.connection.ensure_connection()
            with psycopg.Cursor(self.connection.connection) as cursor:
                cursor.execute(self.sql, params, prepare=True)
                changed = {row[0] for row in cursor.fetchall()}
        else:
            with self.connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                changed = {row[0] for row in cursor.fetchall()}
        self.done = None
        if done is not None and done not in changed:
            logger.warning("Delivery %s: accepted, but its claim was gone when marked", done)
        return changed

    def sending(self, row_pk: int) -> bool:
        return row_pk in self._run(row_pk)

    def flush(self) -> None:
        self._run(None)


def send_batch(newsletter_id: int) -> dict:
    """Claim a batch and send it; queue the next one. Returns counts for the log."""
    from .composing import BatchLetter

    newsletter = (
        Newsletter.objects.select_related("territory__site").filter(pk=newsletter_id).first()
    )
    counts = {"sent": 0, "retry": 0, "bounced": 0, "skipped": 0}
    if newsletter is None or newsletter.status != Newsletter.Status.SENDING:
        return counts
    list_ids = list(newsletter.lists.values_list("pk", flat=True))
    letter = BatchLetter(newsletter, list_ids=list_ids, language=_letter_language(newsletter))
    token, rows = claim_batch(newsletter_id)
    if not rows:
        _after_batch(newsletter, queued_next=False)
        return counts
    sender = envelope_sender(newsletter.territory)
    marker = Marker(token, list_ids)
    try:
        with Session() as session:
            try:
                for index, row in enumerate(rows):
                    if index and index % STATUS_CHECK_EVERY == 0:
                        marker.flush()
                        if not _still_sending(newsletter):
                            break
                    rate_wait(newsletter.territory_id)
                    _send_one(session, letter, row, token, sender, marker, counts)
            finally:
                marker.flush()
    except ConnectionLost as error:
        logger.warning("Newsletter %s: connection lost (%s)", newsletter_id, error)
    except (smtplib.SMTPException, OSError) as error:  # could not connect at all
        logger.warning("Newsletter %s: SMTP unavailable (%r)", newsletter_id, error)
        Delivery.objects.filter(claim=token, state=State.CLAIMED).update(
            state=State.PENDING,
            claim=None,
            claimed_until=None,
            next_attempt_at=timezone.now() + retry_delay(1),
            last_error=f"connect: {error!r}"[:500],
        )
        return counts
    release(token)
    _after_batch(newsletter, queued_next=True)
    return counts


def _send_one(session, letter, row, token, sender, marker, counts) -> None:
    try:
        # Marked "sending" (with the previous row's "sent") before RCPT and DATA, if the
        # person is still subscribed.
        marked = session.envelope(sender, row.email, lambda: marker.sending(row.pk))
    except PermanentFailure as error:
        _bounce(row, token, State.SENDING, str(error))
        counts["bounced"] += 1
        return
    except TemporaryFailure as error:
        _retry(row, token, State.SENDING, str(error))
        counts["retry"] += 1
        return
    except ConnectionLost:
        _set(row.pk, token, State.SENDING, state=State.PENDING, claim=None)  # no DATA yet
        raise
    if not marked:
        if _set(row.pk, token, State.CLAIMED, state=State.SKIPPED, claim=None):
            counts["skipped"] += 1
        return
    try:
        if session.smtp is not None:
            session.data(letter.compose(row))
        else:
            session.data(letter.message(row, connection=session.backend))
    except PermanentFailure as error:
        _bounce(row, token, State.SENDING, str(error))
        counts["bounced"] += 1
        return
    except TemporaryFailure as error:
        _retry(row, token, State.SENDING, str(error))
        counts["retry"] += 1
        return
    except ConnectionLost as error:
        if not error.during_data:
            _set(row.pk, token, State.SENDING, state=State.PENDING, claim=None)
        # during DATA: the row stays "sending" until its claim expires (then "uncertain")
        raise
    marker.done = row.pk  # marked sent by the next statement
    counts["sent"] += 1


def _bounce(row, token, from_state, error: str) -> None:
    _set(row.pk, token, from_state, state=State.BOUNCED, claim=None, last_error=error[:500])
    suppress(row.subscriber_id, Subscriber.Suppression.BOUNCE)


def _retry(row, token, from_state, error: str) -> None:
    attempts = row.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _set(row.pk, token, from_state, state=State.FAILED, claim=None, attempts=attempts,
             last_error=error[:500])  # fmt: skip
        return
    _set(row.pk, token, from_state, state=State.PENDING, claim=None, claimed_until=None,
         attempts=attempts, next_attempt_at=timezone.now() + retry_delay(attempts),
         last_error=error[:500])  # fmt: skip


def _still_sending(newsletter) -> bool:
    status = Newsletter.objects.filter(pk=newsletter.pk).values_list("status", flat=True).first()
    return status == Newsletter.Status.SENDING


def _letter_language(newsletter) -> str:
    first = newsletter.lists.order_by("pk").first()
    return first.language if first else newsletter.territory.default_language


def _after_batch(newsletter, *, queued_next: bool) -> None:
    """The chain goes on while due rows remain; rows waiting for a retry get a delayed
    batch; a send with nothing left open is finished."""
    from .tasks import send_batch

    rows = Delivery.objects.filter(newsletter_id=newsletter.pk)
    now = timezone.now()
    if rows.filter(state=State.PENDING, next_attempt_at__lte=now).exists():
        if queued_next:
            _queue(send_batch, newsletter.pk, countdown=0)
        return
    later = (
        rows.filter(state=State.PENDING).order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True).first()
    )  # fmt: skip
    if later is not None:
        if not send_batch.app.conf.task_always_eager:
            _queue(send_batch, newsletter.pk, countdown=(later - now).total_seconds() + 0.5)
        return
    send_finish(newsletter.pk)


def _queue(task, newsletter_id: int, *, countdown: float) -> None:
    if task.app.conf.task_always_eager:
        return  # no broker: ``manage.py newsletters_send`` runs the batches one after another

    def go():
        try:
            task.apply_async(
                kwargs={"newsletter_id": newsletter_id}, countdown=max(countdown, 0), retry=False
            )
        except Exception as error:  # the sweeper queues it again
            logger.warning("Newsletter %s: next batch not queued (%r)", newsletter_id, error)

    transaction.on_commit(go)


def send_finish(newsletter_id: int) -> bool:
    """Sending → sent once no row is open (pending, claimed, sending)."""
    with transaction.atomic():
        if Delivery.objects.filter(newsletter_id=newsletter_id, state__in=OPEN).exists():
            return False
        return bool(
            Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.Status.SENDING).update(
                status=Newsletter.Status.SENT, finished_at=timezone.now()
            )
        )


# --- The sweeper (Celery beat) ----------------------------------------------------------


def deliveries_sweep() -> dict:
    """Start due scheduled sends; put expired claims back in the queue (claimed) or aside
    as uncertain (sending); queue batches for sends whose chains died; finish sends."""
    now = timezone.now()
    started = 0
    due = Newsletter.objects.filter(status=Newsletter.Status.SCHEDULED, send_at__lte=now)
    for newsletter_id in due.values_list("pk", flat=True):
        started += send_start(newsletter_id)
    requeued = Delivery.objects.filter(state=State.CLAIMED, claimed_until__lt=now).update(
        state=State.PENDING, claim=None, claimed_until=None
    )
    uncertain = Delivery.objects.filter(state=State.SENDING, claimed_until__lt=now).update(
        state=State.UNCERTAIN, claim=None
    )
    revived = 0
    for newsletter_id in Newsletter.objects.filter(status=Newsletter.Status.SENDING).values_list(
        "pk", flat=True
    ):
        rows = Delivery.objects.filter(newsletter_id=newsletter_id)
        alive = rows.filter(
            state__in=(State.CLAIMED, State.SENDING), claimed_until__gte=now
        ).exists()
        if alive:
            continue
        if rows.filter(state=State.PENDING, next_attempt_at__lte=now).exists():
            enqueue_chains(newsletter_id)
            revived += 1
        elif not rows.filter(state=State.PENDING).exists():
            send_finish(newsletter_id)
    return {"started": started, "requeued": requeued, "uncertain": uncertain, "revived": revived}


def deliveries_reconcile(*, newsletter, accepted_message_ids: set[str]) -> dict:
    """Settle the uncertain rows of a send from the SMTP server's (or provider's) log: those
    whose Message-ID it accepted are sent, the others go back to the queue."""
    accepted = {value.strip() for value in accepted_message_ids}
    sent = pending = 0
    rows = Delivery.objects.filter(newsletter=newsletter, state=State.UNCERTAIN)
    for pk in rows.values_list("pk", flat=True):
        if Delivery.message_id_for(pk, newsletter.pk) in accepted:
            sent += rows.filter(pk=pk).update(state=State.SENT, sent_at=timezone.now())
        else:
            pending += rows.filter(pk=pk).update(
                state=State.PENDING, next_attempt_at=timezone.now()
            )
    if pending:  # a finished send is open again for these rows
        Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SENT).update(
            status=Newsletter.Status.SENDING, finished_at=None
        )
        transaction.on_commit(lambda: enqueue_chains(newsletter.pk), robust=True)
    return {"sent": sent, "pending": pending}
