import logging

import redis.exceptions
from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Failures that say nothing about the task itself: the database or Redis is restarting,
# unreachable or overloaded for a moment. Anything else (a programming error, bad data)
# fails the same way on every attempt, so it fails at once and shows in the worker's log.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    ConnectionError,  # refused, reset, aborted (OSError subclasses)
    TimeoutError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


@shared_task(
    name="core.run_django_task",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=5,  # about 5, 10, 20 s (full jitter) between the four attempts
    retry_backoff_max=120,
    retry_jitter=True,
)
def run_django_task(*, module_path: str, args: list, kwargs: dict):
    """Run a Tasks-framework task (Wagtail's indexing and clean-up) on a Celery worker.

    New work reaches workers through the outbox (``deliver_outbox_message``); this task
    stays for messages queued before it, and for callers that want Celery's own retries.

    Guarantees: a transient database, Redis or network failure is retried up to 3 times
    with exponential backoff, then the task fails with that error; any other exception
    fails it at once, unretried. Retrying is safe because the tasks take ids and re-read
    the rows they work on. The object may have been deleted between enqueue and run:
    that is not an error.
    """
    call_django_task(module_path=module_path, args=args, kwargs=kwargs)


def call_django_task(*, module_path: str, args: list, kwargs: dict) -> None:
    """The outbox handler of Wagtail's Tasks-framework work (core.tasks_backend)."""
    from django.core.exceptions import ObjectDoesNotExist

    task = import_string(module_path)
    try:
        task.call(*args, **kwargs)
    except ObjectDoesNotExist:
        logger.info("%s: object gone before the task ran (%s)", module_path, args)


@shared_task(name="core.deliver_outbox_message", acks_late=True)
def deliver_outbox_message(*, message_ids: list[int] = (), message_id: int | None = None) -> dict:
    """Run outbox messages (core/outbox.py), each at most once whatever the deliveries and
    in its own transaction, their emails on one connection to the mail server; a failure is
    recorded on its row and retried by the drain, with backoff. ``message_id`` (one
    message) is what tasks sent before batching carry."""
    from .mail import delivery_connection_kept
    from .outbox import outbox_deliver_each

    ids = list(message_ids) if message_id is None else [message_id, *message_ids]
    with delivery_connection_kept():  # the batch's emails share one SMTP connection
        return outbox_deliver_each(ids, {})


@shared_task(name="core.deliver_outbox_pending", acks_late=True)
def deliver_outbox_pending(*, queue: str = "default") -> dict:
    """The task a commit kicks (core/outbox.py): deliver this queue's pending messages."""
    from .outbox import outbox_deliver_pending

    return outbox_deliver_pending(queue=queue)


@shared_task(name="core.drain_outbox")
def drain_outbox() -> dict:
    """Celery beat, every minute: send what the broker missed (core/outbox.py)."""
    from .outbox import outbox_drain

    return outbox_drain()
