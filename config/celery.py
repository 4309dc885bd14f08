"""The Celery application: three queues (default, bulk sends, search indexing)."""

import os

from celery import Celery, Task
from celery.fixups import django as celery_django
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections
from django_scopes import scopes_disabled
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


class PlatformTask(Task):
    """Tasks take ids and look their rows up themselves, so they run platform-wide; a task
    about one territory opens ``territories.tenancy.territory_scope`` itself."""

    def __call__(self, *args, **kwargs):
        with scopes_disabled():
            return super().__call__(*args, **kwargs)


_validate_models = celery_django.DjangoWorkerFixup.validate_models


def _validate_models_platform_wide(self):
    """A worker runs Django's system checks when it starts, as ``manage.py`` does, and like
    manage.py (which runs every command platform-wide) outside any territory scope: building
    a page's admin form for Wagtail's checks reads a territory-owned model's manager (the
    news categories' choices), which refuses to query without a scope."""
    with scopes_disabled():
        return _validate_models(self)


celery_django.DjangoWorkerFixup.validate_models = _validate_models_platform_wide

app = Celery("territoria", task_cls=PlatformTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue("default"), Queue("bulk"), Queue("search")]
# Bulk sends have their own queue so a newsletter never delays a search update. Wagtail's
# tasks pick "search" or "default" when they are sent (core.tasks_backend.queue_for).
app.conf.task_routes = {"newsletters.*": {"queue": "bulk"}}
app.autodiscover_tasks()

# Celery's Django fix-up closes every database connection before and after each task,
# unless told to reuse them: each task then opened a new PostgreSQL connection (a server
# process forked, the authentication, the catalogue read again), most of the few
# milliseconds a small task costs (docs/performance.md, "CRM"). Connections are kept
# instead, and Django's own rules close them, as around a request: one that errored or is
# older than CONN_MAX_AGE is closed before and after each task (close_old_connections),
# and CONN_HEALTH_CHECKS tests a kept one before its first use.
app.conf.CELERY_DB_REUSE_MAX = 2**31


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(*, task=None, **_kwargs):
    # Not around a task run in-process (eager): that is the caller's connection, maybe in
    # the middle of its transaction (Celery's fix-up skips those too).
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
