"""The Celery application: three queues (default, bulk sends, search indexing)."""

import os

from celery import Celery, Task
from django_scopes import scopes_disabled
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class PlatformTask(Task):
    """Tasks take ids and look their rows up themselves, so they run platform-wide; a task
    about one territory opens ``territories.tenancy.territory_scope`` itself."""

    def __call__(self, *args, **kwargs):
        with scopes_disabled():
            return super().__call__(*args, **kwargs)


app = Celery("territoria", task_cls=PlatformTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue("default"), Queue("bulk"), Queue("search")]
# Bulk sends have their own queue so a newsletter never delays a search update. Wagtail's
# tasks pick "search" or "default" when they are sent (core.tasks_backend.queue_for).
app.conf.task_routes = {"newsletters.*": {"queue": "bulk"}}
app.autodiscover_tasks()
