"""Celery tasks of the investors app (thin: the work is in investors/digest.py)."""

from celery import shared_task

from .digest import saved_search_digests_send


@shared_task(name="investors.send_saved_search_digests")
def send_saved_search_digests() -> int:
    """The saved searches' digests that are due (beat, hourly): how many emails recorded."""
    return saved_search_digests_send()
