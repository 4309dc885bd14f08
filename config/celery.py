"""The Celery application: three queues (default, bulk sends, search indexing)."""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("territoria")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue("default"), Queue("bulk"), Queue("search")]
app.conf.task_routes = {
    "newsletters.*": {"queue": "bulk"},
    "core.run_search_task": {"queue": "search"},
}
app.autodiscover_tasks()
