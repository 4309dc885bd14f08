"""A Tasks-framework backend that hands Wagtail's own background work to Celery.

Wagtail 8 enqueues search-index and reference-index updates (and file deletions) through
django-tasks. This backend records each of them in the outbox (core/outbox.py), in the
surrounding transaction; once it commits, a worker imports and runs the original function.
Search updates go to the ``search`` queue, everything else to ``default``.
"""

from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id, normalize_json

SEARCH_TASK_MODULES = ("modelsearch.", "wagtail.search.")


def queue_for(module_path: str) -> str:
    return "search" if module_path.startswith(SEARCH_TASK_MODULES) else "default"


class CeleryBackend(BaseTaskBackend):
    supports_defer = False
    supports_async_task = False
    supports_get_result = False
    supports_priority = False

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        from .outbox import outbox_enqueue

        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        module_path = task.module_path
        payload = {"module_path": module_path, "args": result.args, "kwargs": result.kwargs}
        # Recorded in the transaction, sent after it commits: a broker that is down then
        # loses nothing (core/outbox.py).
        outbox_enqueue(
            handler="core.tasks.call_django_task", kwargs=payload, queue=queue_for(module_path)
        )
        return result
