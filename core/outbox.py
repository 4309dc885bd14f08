"""The outbox: work enqueued on commit survives a broker that is down (docs/security.md).

``outbox_enqueue`` writes an ``OutboxMessage`` row in the caller's transaction, so the work
is recorded exactly when the change is. The row is written as already handed to the broker
(``sent_at`` now, next attempt ``REDELIVERY`` later): the drain leaves it alone, and after
the commit this process sends the transaction's messages at once, one Celery task per queue,
on a connection the process keeps open, with no further query. If the broker is down or
hung (short timeouts, and this process then leaves the broker alone for a few seconds) the
rows are put back as due, the error recorded, and ``outbox_drain`` (Celery beat every
minute, or ``manage.py drain_outbox``) sends them once the broker is back. A process that
dies between its commit and the send leaves rows that the drain takes after
``REDELIVERY``: late, never lost.

A commit does not send a task per transaction: it *kicks* its queue. The first commit sets
a short-lived key in the cache (``SET NX``) and sends one ``deliver_outbox_pending`` task;
the commits that follow while that key is held send nothing. The task delivers the queue's
messages handed to the broker and not done, batch after batch, deletes the key, then looks
once more: a message committed before a commit found the key held is seen by that last look,
and one committed after the deletion kicks a task of its own. Under a crowd of inquiries a
single task delivers the emails of many commits (the worker's cost a message halves,
docs/performance.md), and the web process makes one Redis write instead of a Celery send.
The cache down or unreachable, every commit sends its task, as before.

A worker runs a message with ``outbox_deliver``, which claims the row (one ``UPDATE …
RETURNING`` that marks it done and locks it), skips it if it is done already, and runs the
work in that transaction, so the mark commits with the work's own writes: a message sent
twice (the immediate send and a drain racing, a redelivery) runs once. A task carries the
ids of several messages (a commit's, a drain batch's); each is delivered on its own, so one
that fails does not hold back or repeat the others. A failing handler is retried by the
drain with exponential backoff, up to ``MAX_ATTEMPTS``.

Without a broker (``CELERY_TASK_ALWAYS_EAGER``) messages are delivered in-process on commit.
"""

import json
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_scopes import scopes_disabled

from .models import OutboxMessage
from .public_forms import idempotency_keys_prune

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
BATCH = 200
# Messages a task carries (a commit's are a few; a drain's batch is split).
TASK_BATCH = 20
# A message sent to the broker but not done after this long is sent again (a lost worker,
# a flushed queue); delivery twice is harmless, the second one finds it done.
REDELIVERY = timedelta(minutes=15)
KEEP_DONE = timedelta(days=7)
# A queue's kick (a task pending that will look at the table once more): held at most this
# long, in case its task is lost; then the next commit sends a task again.
KICK_SECONDS = 30
# A kicked task starts this long after the commit that sent it: the commits of that moment
# ride on it (a crowd's emails go out in batches; one email waits a quarter of a second).
KICK_DELAY_SECONDS = 0.25
# Messages a kicked task delivers before it hands over to a new task of its queue.
KICK_BUDGET = 500
BROKER_PAUSE_SECONDS = 10.0
_broker_down_until = 0.0


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min… at most one hour between attempts."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def outbox_enqueue(*, handler: str, kwargs: dict, queue: str = "default") -> OutboxMessage:
    """Record ``handler(**kwargs)`` to run on a worker once the current transaction commits.

    ``handler`` is the dotted path of a plain function; ``kwargs`` must be JSON (ids, not
    instances).
    """
    return outbox_enqueue_many([{"handler": handler, "kwargs": kwargs, "queue": queue}])[0]


def outbox_enqueue_many(messages: list[dict]) -> list[OutboxMessage]:
    """``outbox_enqueue`` of several messages (dicts of its arguments) in one INSERT."""
    now = timezone.now()
    sending = not _eager() and not broker_paused()
    rows = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                handler=message["handler"],
                kwargs=message["kwargs"],
                queue=message.get("queue", "default"),
                # Sent right after the commit (``_dispatch_queued``): not due for the drain
                # until that send has had its chance.
                sent_at=now if sending else None,
                next_attempt_at=now + REDELIVERY if sending else now,
            )
            for message in messages
        ]
    )
    if not rows:
        return rows
    _queued().extend((row.pk, row.queue) for row in rows)
    first = rows[0].pk
    transaction.on_commit(lambda: _dispatch_queued(first), robust=True)
    return rows


_local = threading.local()


def _queued() -> list[tuple[int, str]]:
    """(id, queue) of the messages enqueued in this thread and not dispatched yet."""
    if not hasattr(_local, "ids"):
        _local.ids = []
    return _local.ids


def _dispatch_queued(message_id: int) -> None:
    """After a commit, the first message's callback sends every message of the transaction
    at once (one broker connection, one task per queue); the others find theirs sent. An id
    of a rolled-back transaction may ride along: its row is gone, its task finds nothing."""
    queued = _queued()
    if all(pk != message_id for pk, _queue in queued):
        return
    messages = list(dict.fromkeys(queued))  # an id twice: a rolled-back one reused (SQLite)
    queued.clear()
    ids = [pk for pk, _queue in messages]
    if _eager():
        outbox_dispatch(ids=ids)
        return
    if broker_paused():  # found down a moment ago: the drain sends them
        OutboxMessage.objects.filter(pk__in=ids, done_at__isnull=True).update(
            sent_at=None, next_attempt_at=timezone.now()
        )
        return
    queues = list(dict.fromkeys(queue for _pk, queue in messages))
    try:
        _kick(queues)
    except Exception as error:  # whatever the broker says, the rows wait for the drain
        _broker_failed(error, len(ids))
        OutboxMessage.objects.filter(pk__in=ids, done_at__isnull=True).update(
            attempts=F("attempts") + 1,
            last_error=f"send: {error!r}"[:2000],
            sent_at=None,
            next_attempt_at=timezone.now() + backoff(1),
        )


def _send(by_queue: dict[str, list[int]]) -> None:
    """One task per queue and ``TASK_BATCH`` messages, on this thread's kept connection."""
    from .tasks import deliver_outbox_message

    connection = _kept_connection()
    for queue, ids in by_queue.items():
        for start in range(0, len(ids), TASK_BATCH):
            deliver_outbox_message.apply_async(
                kwargs={"message_ids": ids[start : start + TASK_BATCH]},
                queue=queue,
                connection=connection,
                retry=False,
            )


def _kick_key(queue: str) -> str:
    return f"outbox:kick:{queue}"


def _kick_claim(queue: str) -> bool:
    """Take the queue's kick: True when this commit must send the task (no task is pending,
    or the cache cannot tell: then every commit sends one, as without the kick)."""
    try:
        client = cache.client.get_client(write=True)  # django-redis: the raw Redis client
        return bool(client.set(cache.make_key(_kick_key(queue)), 1, nx=True, ex=KICK_SECONDS))
    except Exception:  # another cache backend (no ``client``), or Redis down: send
        return True


def _kick_release(queue: str) -> None:
    try:
        cache.delete(_kick_key(queue))
    except Exception:  # the key expires by itself
        logger.debug("Outbox: kick of %s not released", queue, exc_info=True)


def _kick(queues: list[str]) -> None:
    """After a commit: one ``deliver_outbox_pending`` task for each of these queues that has
    none pending, on this thread's kept connection. A failed send releases the kick, so that
    the next commit tries again, and raises."""
    from .tasks import deliver_outbox_pending

    for queue in queues:
        if not _kick_claim(queue):
            continue
        try:
            deliver_outbox_pending.apply_async(
                kwargs={"queue": queue},
                queue=queue,
                countdown=KICK_DELAY_SECONDS,
                connection=_kept_connection(),
                retry=False,
            )
        except Exception:
            _kick_release(queue)
            raise


def _pending(queue: str) -> list[int]:
    """The queue's messages handed to the broker and not done, oldest first (a batch)."""
    return list(
        OutboxMessage.objects.filter(
            queue=queue, done_at__isnull=True, sent_at__isnull=False, attempts__lt=MAX_ATTEMPTS
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:TASK_BATCH]
    )


def outbox_deliver_pending(*, queue: str) -> dict:
    """The kicked task's work: deliver the queue's pending messages, batch after batch, then
    release the kick and look once more (a commit that found the kick held counted on this
    look). After ``KICK_BUDGET`` messages, a new task takes over (the kick still held), so
    that other tasks of the queue get their turn. Returns the outcomes' counts."""
    from .mail import delivery_connection_kept
    from .tasks import deliver_outbox_pending

    outcomes: dict[str, int] = {}
    delivered = 0
    with scopes_disabled(), delivery_connection_kept():
        while True:
            ids = _pending(queue)
            last_look = not ids
            if last_look:
                _kick_release(queue)
                ids = _pending(queue)
            outbox_deliver_each(ids, outcomes)
            delivered += len(ids)
            if last_look:
                return outcomes
            if delivered >= KICK_BUDGET:
                deliver_outbox_pending.apply_async(kwargs={"queue": queue}, queue=queue)
                return outcomes


def _broker_failed(error: Exception, waiting: int) -> None:
    _drop_connection()
    _pause_broker()
    logger.warning("Outbox: broker unavailable, %d message(s) wait: %r", waiting, error)


def celery_app():
    """The project's Celery app (config/celery.py), without importing config from core."""
    from .tasks import deliver_outbox_message

    return deliver_outbox_message.app


def _eager() -> bool:
    return bool(celery_app().conf.task_always_eager)


def broker_paused() -> bool:
    return time.monotonic() < _broker_down_until


def _pause_broker() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS


def resume_broker() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def _due():
    return OutboxMessage.objects.filter(
        done_at__isnull=True, next_attempt_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
    ).order_by("next_attempt_at", "pk")


def broker_connection():
    """A connection to the broker that gives up fast: the request that sends on commit must
    not wait for a broker that is down or hung."""
    timeout = settings.TERRITORIA_BROKER_SEND_TIMEOUT
    return celery_app().connection_for_write(
        connect_timeout=timeout,
        transport_options={
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "max_retries": 0,
        },
    )


def _kept_connection():
    """This thread's broker connection, opened once and kept: a channel and the queues'
    declarations cost round trips that every send would pay again. Dropped on any error."""
    url = celery_app().conf.broker_url
    if getattr(_local, "broker_url", None) != url:
        _drop_connection()
    connection = getattr(_local, "broker", None)
    if connection is None:
        connection = _local.broker = broker_connection()
        _local.broker_url = url
    return connection


def _drop_connection() -> None:
    connection = getattr(_local, "broker", None)
    _local.broker = None
    if connection is not None:
        try:
            connection.release()
        except Exception:  # a connection already broken: nothing more to release
            logger.debug("Outbox: broken broker connection released", exc_info=True)


def outbox_dispatch(*, ids: list[int] | None = None, force: bool = False) -> int:
    """Send due messages (these ``ids``, or any) to the broker; return how many were sent.

    Never raises for a broker failure: the messages stay due, with the error recorded and
    their next attempt pushed back. Rows another process is sending are skipped.
    """
    if _eager():
        from .mail import delivery_connection_kept

        # A commit's messages in the order they were written (its emails too).
        pending = _due() if ids is None else OutboxMessage.objects.filter(pk__in=ids).order_by("pk")
        done = 0
        with delivery_connection_kept():
            for pk in pending.filter(done_at__isnull=True).values_list("pk", flat=True)[:BATCH]:
                done += outbox_deliver(pk) == "done"
        return done
    if broker_paused() and not force:
        return 0
    with transaction.atomic():
        due = _due().select_for_update(skip_locked=True)
        if ids is not None:
            due = due.filter(pk__in=ids)
        messages = list(due[:BATCH])
        if not messages:
            return 0
        now = timezone.now()
        by_queue: dict[str, list[int]] = {}
        for message in messages:
            by_queue.setdefault(message.queue, []).append(message.pk)
        try:
            _send(by_queue)
        except Exception as error:  # whatever the broker says, the rows stay due
            # Which tasks the broker took before it failed is not known: all wait, and a
            # message sent twice runs once (``outbox_deliver``).
            _broker_failed(error, len(messages))
            for message in messages:
                attempts = message.attempts + 1
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=attempts,
                    last_error=f"send: {error!r}"[:2000],
                    next_attempt_at=now + backoff(attempts),
                )
            return 0
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            sent_at=now, next_attempt_at=now + REDELIVERY
        )
    return len(messages)


def outbox_deliver(message_id: int) -> str:
    """Run one message, at most once: "done", "skipped" (done already, or gone), "failed".

    The row is claimed and marked done by one ``UPDATE … RETURNING`` that also locks it; the
    handler runs in that transaction, so its writes and the done mark commit together and a
    concurrent delivery of the same message waits, then finds it done. A failure rolls all
    of it back, and the error is recorded for the drain's next attempt. Three round trips
    (begin, claim, commit) where a locking read, a savepoint and an update took six.
    """
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    try:
        with scopes_disabled(), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    f'UPDATE {table} SET "done_at" = %s '  # noqa: S608 (the model's own table)
                    'WHERE "id" = %s AND "done_at" IS NULL RETURNING "handler", "kwargs"',
                    [timezone.now(), message_id],
                )
                row = cursor.fetchone()
            if row is None:
                return "skipped"
            handler, kwargs = row
            if isinstance(kwargs, str):  # a JSON column SQLite returns as text
                kwargs = json.loads(kwargs)
            import_string(handler)(**kwargs)
    except Exception as error:
        _delivery_failed(message_id, error)
        return "failed"
    return "done"


def outbox_deliver_each(ids: list[int], outcomes: dict[str, int]) -> dict[str, int]:
    """``outbox_deliver`` each of these messages, in order, counting the outcomes."""
    for pk in ids:
        outcome = outbox_deliver(pk)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _delivery_failed(message_id: int, error: Exception) -> None:
    """Record a failed attempt on a message still not done (another delivery may have done
    it since the rollback) and push its next attempt back."""
    with scopes_disabled(), transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, done_at__isnull=True)
            .first()
        )
        if message is None:
            return
        message.attempts += 1
        message.last_error = f"{error!r}"[:2000]
        message.sent_at = None
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
        message.save(update_fields=["attempts", "last_error", "sent_at", "next_attempt_at"])
    log = logger.error if message.attempts >= MAX_ATTEMPTS else logger.warning
    log("Outbox: %s failed (attempt %d): %r", message, message.attempts, error)


def _kick_stale() -> None:
    """Kick again the queues of messages handed to the broker more than ``KICK_SECONDS``
    ago and still not done: their task may be lost (a purged queue, a worker killed); a
    queue whose task is still at work keeps its kick and is left alone."""
    stale = OutboxMessage.objects.filter(
        done_at__isnull=True,
        sent_at__lt=timezone.now() - timedelta(seconds=KICK_SECONDS),
        attempts__lt=MAX_ATTEMPTS,
    )
    queues = list(stale.order_by("queue").values_list("queue", flat=True).distinct())
    if not queues or _eager():
        return
    try:
        _kick(queues)
    except Exception as error:  # the rows stay as they are; the next drain tries again
        _broker_failed(error, stale.count())


def outbox_drain() -> dict:
    """Send every due message (the periodic catch-up after an outage); forget messages done,
    and public forms' submission tokens claimed, more than a week ago. Returns counts for
    the log and the command."""
    sent = 0
    while True:
        batch = outbox_dispatch(force=True)
        sent += batch
        if batch < BATCH:
            break
    if sent:
        resume_broker()
    _kick_stale()
    before = timezone.now() - KEEP_DONE
    pruned, _ = OutboxMessage.objects.filter(done_at__lt=before).delete()
    # The public forms' submission tokens are kept as long as what they sent.
    idempotency_keys_prune(older_than=before)
    waiting = OutboxMessage.objects.filter(done_at__isnull=True).count()
    return {"sent": sent, "pruned": pruned, "waiting": waiting}
