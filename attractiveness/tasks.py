"""The company import's worker side, as realestate's offer import: the outbox delivers
``company_import_enqueue`` inside its own locked transaction, so it only hands the import to
``company_import_task``, which writes the rows (and commits the progress) batch after batch."""

from celery import shared_task

from . import company_imports


def company_import_enqueue(*, import_id: int) -> None:
    """The outbox handler: send the task; the outbox marks the message done with it."""
    company_import_task.apply_async(kwargs={"import_id": import_id}, queue="default")


# 100,000 rows take well under a minute (bench/measure_companies.py); the limit is for a
# slow database, far above the default task limits.
@shared_task(name="attractiveness.company_import", time_limit=3600, soft_time_limit=3540)
def company_import_task(*, import_id: int) -> str:
    """Run the import once: a second delivery finds it running or done and does nothing."""
    company_import = company_imports.company_import_run(import_id=import_id)
    return "skipped" if company_import is None else company_import.status
