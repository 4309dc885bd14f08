"""The investors app's periodic jobs (CELERY_BEAT_SCHEDULE), thin: the work is in
services, gdpr and digest. The CRM's: the assignees' daily reminder of their due tasks,
the anonymisation of leads closed longer than the retention period (both run
platform-wide, ``config.celery.PlatformTask``, and are safe to run twice); the saved
searches' digests."""

from celery import shared_task

from .digest import saved_search_digests_send


@shared_task(name="investors.lead_tasks_remind")
def lead_tasks_remind() -> int:
    """Email each assignee their open tasks due today or overdue (see
    ``services.lead_tasks_remind``). Returns the number of emails."""
    from .services import lead_tasks_remind as remind

    return remind()


@shared_task(name="investors.leads_anonymise_closed")
def leads_anonymise_closed() -> int:
    """Anonymise the leads closed longer than TERRITORIA_LEAD_RETENTION_DAYS (see
    ``gdpr.leads_anonymise_closed``). Returns the number of leads."""
    from .gdpr import leads_anonymise_closed as anonymise

    return anonymise()


@shared_task(name="investors.send_saved_search_digests")
def send_saved_search_digests() -> int:
    """The saved searches' digests that are due (beat, hourly): how many emails recorded."""
    return saved_search_digests_send()
