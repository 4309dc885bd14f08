"""core.tasks_backend: Wagtail's background tasks reach Celery only once the transaction
commits, on the right queue; nothing is sent for a transaction that rolls back.
core.tasks.run_django_task retries transient failures, and only those."""

import socket
from pathlib import Path

import pytest
from django.db import OperationalError, transaction
from django.db.utils import ConnectionHandler
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


ATTEMPTS: list[str] = []


@task()
def open_database(directory: str, recovers_on: int) -> None:
    """Open a SQLite database in ``directory``, a directory that only appears on attempt
    number ``recovers_on``: until then SQLite itself fails, "unable to open database file"
    (a database that is down, for real, through Django's own database layer)."""
    ATTEMPTS.append(directory)
    if len(ATTEMPTS) >= recovers_on:
        Path(directory).mkdir(exist_ok=True)
    databases = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": f"{directory}/db.sqlite3"}}
    )
    try:
        databases["default"].ensure_connection()
    finally:
        databases.close_all()


@task()
def connect(port: int, listens_on: int) -> None:
    """Connect to a loopback ``port`` where a server starts listening on attempt number
    ``listens_on``: until then the connection is really refused."""
    ATTEMPTS.append(str(port))
    server = None
    if len(ATTEMPTS) >= listens_on:
        server = socket.create_server(("127.0.0.1", port))
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    finally:
        if server is not None:
            server.close()


class Rollback(Exception):
    pass


@pytest.fixture
def backend():
    CALLS.clear()
    return CeleryBackend("celery", {})


def run(flaky_task, *args):
    ATTEMPTS.clear()
    return run_django_task.apply(
        kwargs={"module_path": flaky_task.module_path, "args": list(args), "kwargs": {}}
    )


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


# apply() runs Celery's real retry machinery (autoretry, Task.retry, the signature of the
# next attempt) in-process, each retry at once instead of after its backoff countdown.


@pytest.fixture
def eager_retries():
    """With task_eager_propagates (our settings) an eager retry raises Celery's Retry instead
    of applying it (apply() does not pass throw on to the next attempt); a worker always
    retries. Off here, so the failure after the last attempt is a result, as on a worker."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


@pytest.mark.django_db
def test_a_transient_database_failure_is_retried_until_the_database_is_back(
    eager_retries, tmp_path
):
    result = run(open_database, str(tmp_path / "down"), 3)
    assert result.successful(), result.traceback
    assert len(ATTEMPTS) == 3


@pytest.mark.django_db
def test_a_database_that_stays_down_fails_the_task_after_three_retries(eager_retries, tmp_path):
    result = run(open_database, str(tmp_path / "down"), 100)
    assert result.failed()
    assert isinstance(result.result, OperationalError)
    assert "unable to open database file" in str(result.result)
    assert len(ATTEMPTS) == 1 + run_django_task.max_retries == 4


def test_a_refused_connection_is_retried_until_the_service_listens(eager_retries):
    with socket.socket() as probe:  # a free port: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(connect, port, 2)
    assert result.successful(), result.traceback
    assert len(ATTEMPTS) == 2


@pytest.mark.django_db
def test_a_programming_error_is_not_retried(eager_retries, tmp_path):
    # A string where the task compares with an int: a bug, the same on every attempt.
    result = run(open_database, str(tmp_path / "down"), "3")
    assert result.failed()
    assert isinstance(result.result, TypeError)
    assert len(ATTEMPTS) == 1
