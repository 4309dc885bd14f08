"""The import's worker side. The outbox delivers ``offer_import_enqueue`` inside its own
locked transaction, so it only hands the import to ``offer_import_task``: the rows are then
written (and the progress committed) in the task's own transactions, batch after batch."""

from celery import shared_task

from . import imports


def offer_import_enqueue(*, import_id: int) -> None:
    """The outbox handler: send the task; the outbox marks the message done with it."""
    offer_import_task.apply_async(kwargs={"import_id": import_id}, queue="default")


# Thousands of rows, each a page revision and its publication (3 to 8 rows a second:
# docs/performance.md): far longer than the default
# limits (config/settings/base.py) are meant for.
@shared_task(name="realestate.offer_import", time_limit=4 * 3600, soft_time_limit=4 * 3600 - 60)
def offer_import_task(*, import_id: int) -> str:
    """Run the import once: a second delivery finds it running or done and does nothing."""
    offer_import = imports.offer_import_run(import_id=import_id)
    return "skipped" if offer_import is None else offer_import.status
