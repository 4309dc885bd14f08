import logging

from celery import shared_task
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@shared_task(name="core.run_django_task", acks_late=True, max_retries=3, default_retry_delay=10)
def run_django_task(*, module_path: str, args: list, kwargs: dict):
    """Run a Tasks-framework task (Wagtail's indexing and clean-up) on a Celery worker.

    The object may have been deleted between enqueue and run: that is not an error.
    """
    from django.core.exceptions import ObjectDoesNotExist

    task = import_string(module_path)
    try:
        task.call(*args, **kwargs)
    except ObjectDoesNotExist:
        logger.info("%s: object gone before the task ran (%s)", module_path, args)
