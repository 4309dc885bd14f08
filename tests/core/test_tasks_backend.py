"""core.tasks_backend: Wagtail's background tasks reach Celery only once the transaction
commits, on the right queue; nothing is sent for a transaction that rolls back."""

import pytest
from django.db import transaction
from django_tasks import task
from modelsearch.tasks import insert_or_update_object_task

from config.celery import app as celery_app
from core.tasks import run_django_task
from core.tasks_backend import CeleryBackend, queue_for

from .conftest import queue_size

CALLS: list[str] = []


@task()
def record_call(value: str) -> None:
    """A real task (module level, importable by path) that leaves a trace when it runs."""
    CALLS.append(value)


class Rollback(Exception):
    pass


@pytest.fixture
def backend():
    CALLS.clear()
    return CeleryBackend("celery", {})


@pytest.fixture
def eager():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_search_tasks_go_to_the_search_queue():
    assert queue_for(insert_or_update_object_task.module_path) == "search"
    assert queue_for(record_call.module_path) == "default"


@pytest.mark.django_db
def test_task_runs_only_after_commit(backend, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = backend.enqueue(record_call, ["committed"], {})
        assert CALLS == []
    assert len(callbacks) == 1
    assert CALLS == ["committed"]
    assert result.args == ["committed"]


@pytest.mark.django_db
def test_rolled_back_transaction_sends_nothing(backend, eager, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        backend.enqueue(record_call, ["rolled back"], {})
        raise Rollback
    assert callbacks == []
    assert CALLS == []


@pytest.mark.django_db
def test_object_deleted_before_the_task_ran_is_not_an_error(eager):
    # Called directly: on_commit callbacks are robust and would hide an exception.
    result = run_django_task.apply(
        kwargs={
            "module_path": insert_or_update_object_task.module_path,
            "args": ["attractiveness", "newspage", "999999"],
            "kwargs": {},
        }
    )
    assert result.successful()


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_broker_receives_the_message_on_commit_only(backend, broker, transactional_db):
    args = ["attractiveness", "newspage", "1"]
    with pytest.raises(Rollback), transaction.atomic():
        backend.enqueue(insert_or_update_object_task, args, {})
        raise Rollback
    assert queue_size("search") == 0

    with transaction.atomic():
        backend.enqueue(insert_or_update_object_task, args, {})
        assert queue_size("search") == 0
    assert queue_size("search") == 1
    assert queue_size("default") == 0
