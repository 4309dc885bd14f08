"""The outbox (core/outbox.py): work recorded in the transaction of the change, sent after
it commits, kept when the broker is down or hung, delivered at most once, retried with
backoff when its handler fails."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core import outbox
from core.models import IdempotencyKey, OutboxMessage
from core.outbox import (
    MAX_ATTEMPTS,
    outbox_deliver,
    outbox_dispatch,
    outbox_enqueue,
    outbox_enqueue_many,
)
from tests.failing_services import HungServer, free_port

from .conftest import forget_kicks, purge_queues, queue_size

pytestmark = pytest.mark.django_db

CALLS: list[str] = []
FAILING = {"on": False}


def record(*, value: str) -> None:
    CALLS.append(value)


def write_then_fail(*, key: str) -> None:
    IdempotencyKey.objects.create(key=key)
    raise ConnectionRefusedError("failed after a write")


def record_unless_failing(*, value: str) -> None:
    if FAILING["on"]:
        raise ConnectionRefusedError("the service is down")
    CALLS.append(value)


HANDLER = f"{__name__}.record"
FLAKY = f"{__name__}.record_unless_failing"
WRITE_THEN_FAIL = f"{__name__}.write_then_fail"


class Rollback(Exception):
    pass


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    FAILING["on"] = False
    outbox.resume_broker()
    forget_kicks()
    # With REDIS_URL the world's provisioning left its index updates here (rolled back).
    OutboxMessage.objects.all().delete()
    yield
    outbox.resume_broker()
    forget_kicks()


@pytest.fixture
def broker_at(settings):
    """Point this process's broker at a port (refused or hung), eager mode off: the Celery
    app's configuration, and the settings /healthz reads without loading the app."""
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager

    def point(port: int):
        url = f"redis://127.0.0.1:{port}/0"
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL = url
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER = False

    yield point
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous


def test_nothing_is_recorded_for_a_transaction_that_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        outbox_enqueue(handler=HANDLER, kwargs={"value": "rolled back"})
        raise Rollback
    assert callbacks == [] and CALLS == []
    assert not OutboxMessage.objects.exists()


def test_recorded_in_the_transaction_and_run_once_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(handler=HANDLER, kwargs={"value": "committed"})
        assert CALLS == []
    assert CALLS == ["committed"]
    message.refresh_from_db()
    assert message.done_at is not None and message.last_error == ""


def test_a_message_delivered_twice_runs_once():
    message = outbox_enqueue(handler=HANDLER, kwargs={"value": "once"})
    assert outbox_deliver(message.pk) == "done"
    assert outbox_deliver(message.pk) == "skipped"
    assert outbox_dispatch(ids=[message.pk]) == 0
    assert CALLS == ["once"]


def test_a_failing_handler_is_retried_later_with_backoff(django_capture_on_commit_callbacks):
    FAILING["on"] = True
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(handler=FLAKY, kwargs={"value": "late"})
    message.refresh_from_db()
    assert message.done_at is None and message.attempts == 1
    assert "the service is down" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the drain leaves it.
    assert call_command_output("drain_outbox").startswith("sent 0, waiting 1")
    FAILING["on"] = False
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    call_command_output("drain_outbox")
    message.refresh_from_db()
    assert message.done_at is not None and CALLS == ["late"]


def test_a_failing_handlers_writes_are_rolled_back_with_its_claim():
    message = outbox_enqueue(handler=WRITE_THEN_FAIL, kwargs={"key": "outbox-test-write"})
    assert outbox_deliver(message.pk) == "failed"
    assert not IdempotencyKey.objects.filter(key="outbox-test-write").exists()
    message.refresh_from_db()
    assert message.done_at is None and message.attempts == 1
    assert "failed after a write" in message.last_error
    assert outbox_deliver(message.pk) == "failed"  # claimed again: nothing marked it done
    message.refresh_from_db()
    assert message.attempts == 2


def test_a_batch_of_messages_is_one_insert_and_each_runs_once(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1):
            messages = outbox_enqueue_many(
                [{"handler": HANDLER, "kwargs": {"value": v}} for v in ("a", "b", "c")]
            )
        assert CALLS == []
    assert CALLS == ["a", "b", "c"]
    assert [m.pk for m in messages] == sorted(m.pk for m in messages)
    assert OutboxMessage.objects.filter(done_at__isnull=False).count() == 3
    assert [outbox_deliver(m.pk) for m in messages] == ["skipped"] * 3


def test_a_batch_is_inserted_as_rows_of_values_with_its_text_intact(
    django_capture_on_commit_callbacks,
):
    """Several messages are one ``INSERT … VALUES (…), (…)``, not Django's ``UNNEST`` of one
    array a column (``OutboxKwargsField``: psycopg escapes array text in Python, half as
    much CPU again for an inquiry's two emails, docs/performance.md CRM item 9); what goes in
    comes back as it was, quotes, newlines, control characters and markup included, with
    the ids in the order of the messages."""
    hostile = [
        'O\'Brien "quoted" \\ back\\slash {braces} (paren), comma',
        "line 1\nline 2\r\n\ttab <script>alert(1)</script> NULL ARRAY[1] é ü 日本",
        "",
    ]
    statements = []

    def record_sql(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    connection = transaction.get_connection()
    with django_capture_on_commit_callbacks(execute=False), connection.execute_wrapper(record_sql):
        messages = outbox_enqueue_many(
            [{"handler": HANDLER, "kwargs": {"value": text}} for text in hostile]
        )
    (insert,) = statements
    assert "UNNEST" not in insert.upper(), insert
    assert insert.count("%s") == 9 * len(hostile), insert
    assert [m.pk for m in messages] == sorted(m.pk for m in messages)
    stored = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("pk")
    assert [m.kwargs["value"] for m in stored] == hostile
    assert all(m.created_at is not None and m.attempts == 0 for m in stored)
    assert [m.handler for m in stored] == [HANDLER] * 3


def test_the_outbox_queries_are_answered_by_its_two_indexes():
    """The drain's due messages and the prune of done ones are still read through an index
    (``outbox_due`` leads with the two columns that have no index of their own any more,
    ``outbox_pending`` holds the messages not done): migration core 0003 left two fewer
    indexes to write for every message and every delivery, and no query without one."""
    if transaction.get_connection().vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's (set DATABASE_URL to a PostgreSQL database)")
    from core.outbox import _due

    with transaction.get_connection().cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'core_outboxmessage'")
        indexes = {row[0] for row in cursor.fetchall()}
        assert indexes == {"core_outboxmessage_pkey", "outbox_due", "outbox_pending"}
        cursor.execute("SET LOCAL enable_seqscan = off")
        for queryset in (
            _due()[:10],
            OutboxMessage.objects.filter(done_at__lt=timezone.now()),
        ):
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan, plan
            assert re.search(r"(using|on) outbox_(due|pending)\b", plan), plan


def test_backoff_grows_and_stops_at_an_hour():
    delays = [outbox.backoff(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[0] == timedelta(seconds=30) and delays[1] == timedelta(seconds=60)
    assert delays == sorted(delays) and delays[-1] == timedelta(hours=1)


def test_a_message_that_failed_every_attempt_is_no_longer_tried():
    message = outbox_enqueue(handler=HANDLER, kwargs={"value": "dead"})
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)
    call_command_output("drain_outbox")
    assert CALLS == []
    assert OutboxMessage.objects.filter(pk=message.pk, done_at__isnull=True).exists()


def test_with_the_broker_refusing_connections_the_message_waits(
    broker_at, django_capture_on_commit_callbacks
):
    broker_at(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(handler=HANDLER, kwargs={"value": "queued"})
    message.refresh_from_db()
    assert message.sent_at is None and message.done_at is None
    assert message.attempts == 1 and message.last_error.startswith("send:")
    assert CALLS == []
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 1


def test_a_commits_messages_go_to_the_broker_in_one_send(
    broker_at, django_capture_on_commit_callbacks
):
    broker_at(free_port())
    with django_capture_on_commit_callbacks(execute=True):
        messages = [outbox_enqueue(handler=HANDLER, kwargs={"value": v}) for v in "abc"]
    rows = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages])
    # One attempt for the three (not one for the first and a pause for the others).
    assert list(rows.values_list("attempts", flat=True)) == [1, 1, 1]
    assert rows.values("next_attempt_at").distinct().count() == 1
    assert CALLS == []


@pytest.mark.xdist_group("redis-broker")
def test_the_broker_connection_is_kept_between_commits_and_dropped_on_failure(
    broker, broker_at, django_capture_on_commit_callbacks
):
    from django.conf import settings

    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = outbox_enqueue(handler=HANDLER, kwargs={"value": "a"})
        kept = outbox._local.broker
        forget_kicks()  # as the worker's task would: each commit below sends its task
        with django_capture_on_commit_callbacks(execute=True):
            second = outbox_enqueue(handler=HANDLER, kwargs={"value": "b"})
        assert outbox._local.broker is kept, "the second commit reused the connection"
        sent = OutboxMessage.objects.filter(pk__in=[first.pk, second.pk], sent_at__isnull=False)
        assert sent.count() == 2
        broker_at(free_port())  # another broker (refusing): the kept connection is not used
        forget_kicks()
        with django_capture_on_commit_callbacks(execute=True):
            third = outbox_enqueue(handler=HANDLER, kwargs={"value": "c"})
        assert getattr(outbox._local, "broker", None) is None, "dropped after the failure"
        third.refresh_from_db()
        assert third.sent_at is None and third.attempts == 1
    finally:
        celery_app.conf.broker_url = settings.CELERY_BROKER_URL
        outbox._drop_connection()


def test_a_hung_broker_costs_one_timeout_then_the_drain_takes_over(
    broker_at, django_capture_on_commit_callbacks
):
    server = HungServer()
    try:
        broker_at(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            first = outbox_enqueue(handler=HANDLER, kwargs={"value": "a"})
        tried = server.connections
        assert tried >= 1
        # The next commits in this process do not wait for the broker again.
        with django_capture_on_commit_callbacks(execute=True):
            second = outbox_enqueue(handler=HANDLER, kwargs={"value": "b"})
        assert server.connections == tried
    finally:
        server.close()
    assert OutboxMessage.objects.filter(pk__in=[first.pk, second.pk], done_at=None).count() == 2


def test_healthz_names_a_broker_that_is_down_or_hung(client, two_territories, broker_at):
    a, _ = two_territories
    server = HungServer()
    try:
        for port in (free_port(), server.port):
            broker_at(port)
            response = client.get("/healthz", HTTP_HOST=a.host)
            assert response.status_code == 503
            assert response.json()["down"] == ["broker"]
    finally:
        server.close()


def test_the_drain_forgets_messages_done_a_week_ago():
    IdempotencyKey.objects.create(key="contact:old")
    IdempotencyKey.objects.filter(key="contact:old").update(
        created_at=timezone.now() - timedelta(days=8)
    )
    IdempotencyKey.objects.create(key="contact:recent")
    old = outbox_enqueue(handler=HANDLER, kwargs={"value": "old"})
    recent = outbox_enqueue(handler=HANDLER, kwargs={"value": "recent"})
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=timezone.now() - timedelta(days=8))
    OutboxMessage.objects.filter(pk=recent.pk).update(done_at=timezone.now())
    assert "pruned 1" in call_command_output("drain_outbox")
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["contact:recent"]


def call_command_output(name: str) -> str:
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_celery_beat_drains_the_outbox_every_minute():
    from django.conf import settings

    from core.tasks import drain_outbox

    entry = settings.CELERY_BEAT_SCHEDULE["drain-outbox"]
    assert entry["task"] == drain_outbox.name and entry["task"] in celery_app.tasks
    assert entry["schedule"] == 60.0
    message = outbox_enqueue(handler=HANDLER, kwargs={"value": "beat"})
    result = drain_outbox.apply()
    assert result.successful() and result.result["waiting"] == 0
    assert CALLS == ["beat"] and OutboxMessage.objects.get(pk=message.pk).done_at


# --- The kick: one task for the commits that follow each other (core/outbox.py) ------------


def _commit(value: str, queue: str = "default") -> OutboxMessage:
    with transaction.atomic():
        message = outbox_enqueue(handler=HANDLER, kwargs={"value": value}, queue=queue)
    return message


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_commits_while_a_task_is_pending_send_none_and_that_task_delivers_them(
    broker, transactional_db
):
    first, second = _commit("a"), _commit("b")
    _commit("c", queue="bulk")  # another queue: its own kick
    assert queue_size("default") == 1 and queue_size("bulk") == 1
    assert OutboxMessage.objects.filter(pk__in=[first.pk, second.pk], sent_at=None).count() == 0

    assert outbox.outbox_deliver_pending(queue="default") == {"done": 2}
    assert CALLS == ["a", "b"]
    # Released: the next commit sends a task of its own.
    _commit("d")
    assert queue_size("default") == 2


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_a_commit_that_found_the_kick_held_is_delivered_by_the_tasks_last_look(
    broker, transactional_db, monkeypatch
):
    """The race the kick must win: a commit lands after the task's last batch, while the kick
    is still held (so it sends nothing); the task releases the kick, looks once more, and
    delivers it."""
    _commit("a")
    release = outbox._kick_release

    def commit_then_release(queue):
        if not CALLS[1:]:  # once: a commit just before the release
            _commit("late")
        release(queue)

    monkeypatch.setattr(outbox, "_kick_release", commit_then_release)
    assert outbox.outbox_deliver_pending(queue="default") == {"done": 2}
    assert CALLS == ["a", "late"]
    assert queue_size("default") == 1  # the first commit's task only: "late" sent none
    assert not OutboxMessage.objects.filter(done_at=None).exists()


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_a_task_hands_over_after_its_budget_and_keeps_the_kick(
    broker, transactional_db, monkeypatch
):
    monkeypatch.setattr(outbox, "KICK_BUDGET", 2)
    monkeypatch.setattr(outbox, "TASK_BATCH", 2)
    for value in "abc":
        _commit(value)
    broker.control.purge()  # the first commit's task: run in-process below
    assert outbox.outbox_deliver_pending(queue="default") == {"done": 2}
    assert queue_size("default") == 1, "a follow-up task"
    _commit("d")
    assert queue_size("default") == 1, "the kick is still held"
    assert outbox.outbox_deliver_pending(queue="default") == {"done": 2}
    assert CALLS == ["a", "b", "c", "d"]


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_without_a_redis_cache_every_commit_sends_its_task(broker, transactional_db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _commit("a")
    _commit("b")
    assert queue_size("default") == 2


@pytest.mark.services
@pytest.mark.xdist_group("redis-broker")
def test_the_drain_kicks_a_queue_whose_task_was_lost(broker, transactional_db):
    message = _commit("a")
    purge_queues()  # the task is lost, and its kick with it
    call_command_output("drain_outbox")
    assert queue_size("default") == 0, "sent a moment ago: left alone"
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now() - timedelta(seconds=outbox.KICK_SECONDS + 1)
    )
    call_command_output("drain_outbox")
    assert queue_size("default") == 1
    assert outbox.outbox_deliver_pending(queue="default") == {"done": 1}
    assert CALLS == ["a"]
