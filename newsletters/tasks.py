"""The newsletter tasks, on the ``bulk`` queue (config/celery.py routes ``newsletters.*``).

Thin: each calls ``newsletters.sending``, which says what it guarantees. A batch task
delivered twice, or run again after its worker was killed, claims other rows or none.
"""

from celery import shared_task

from . import sending


@shared_task(name="newsletters.send_batch", acks_late=True)
def send_batch(*, newsletter_id: int) -> dict:
    """Claim up to one batch of the send's due deliveries, send them, queue the next."""
    return sending.send_batch(newsletter_id)


@shared_task(name="newsletters.sweep", acks_late=True)
def sweep() -> dict:
    """Celery beat: start due sends, re-queue expired claims, revive stalled sends."""
    return sending.deliveries_sweep()
