"""Exactly once with the real parts: a Celery worker process on the real Redis broker and
PostgreSQL sends a letter to 5,000 subscribers through a real SMTP server (aiosmtpd),
is killed with SIGKILL twice mid-send and restarted; the batch tasks are also published
twice. Every subscriber ends with exactly one message in the sink.

What plays beat here is the test process: it runs the sweeper (``deliveries_sweep``) every
second, as Celery beat would every 30 s, and at the end reconciles the rows left
"uncertain" (killed during DATA) from the sink's log of Message-IDs, as an operator does
from the mail server's log (docs/newsletters.md)."""

import signal
import subprocess
import time
import uuid

import pytest
from django.db.models import Count

from newsletters import sending
from newsletters.models import Delivery, Newsletter
from newsletters.tasks import send_batch
from tests.core.conftest import BASE_DIR, purge_queues, worker_command, worker_env
from tests.factories import make_territory

from .sink import CountingSink
from .world import audience, scheduled_letter

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("redis-broker")]

RECIPIENTS = 5000
BOUND = 600  # seconds for the whole send: a bound, not a measurement
State = Delivery.State


class Worker:
    def __init__(self, sink, log_path):
        self.env = worker_env()
        self.env.update(
            TERRITORIA_TEST_WORKER_EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
            TERRITORIA_NEWSLETTER_CLAIM_SECONDS="3",
            TERRITORIA_NEWSLETTER_BATCH="50",
            TERRITORIA_NEWSLETTER_RATE="0",
            TERRITORIA_NEWSLETTER_RETRY_SECONDS="1",
        )
        self.log_path = log_path
        self.process = None

    def start(self):
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            worker_command(f"crash-{uuid.uuid4().hex[:8]}"),
            cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(condition, worker, deadline, sweep=False):
    while not condition():
        assert worker.process.poll() is None, worker.log_path.read_text()[-5000:]
        assert time.monotonic() < deadline, (
            f"not done in {BOUND}s: {states()}\n{worker.log_path.read_text()[-5000:]}"
        )
        if sweep:
            sending.deliveries_sweep()
        time.sleep(0.5 if not sweep else 1.0)


def states() -> dict:
    return dict(Delivery.objects.values_list("state").annotate(n=Count("pk")))


def test_killed_twice_every_subscriber_gets_exactly_one(broker, page_tree_root, tmp_path):
    territory = make_territory("Causses du Crash", "crash.test", languages=("fr",))
    purge_queues()
    sink = CountingSink()
    sink.keep = False
    sink.start()
    worker = Worker(sink, tmp_path / "worker.log")
    try:
        letter = scheduled_letter(territory, audience(territory, RECIPIENTS))
        sending.deliveries_sweep()  # beat: the send starts, its batches are queued
        for _ in range(2):  # the broker delivers batch tasks twice
            send_batch.apply_async(kwargs={"newsletter_id": letter.pk})
        deadline = time.monotonic() + BOUND
        kills = 0
        for threshold in (RECIPIENTS // 5, RECIPIENTS // 2):
            worker.start()
            wait_for(lambda t=threshold: sink.total() >= t, worker, deadline)
            worker.kill()
            kills += 1
        assert kills == 2 and sink.total() < RECIPIENTS, "killed before the end"
        worker.start()

        def finished():
            letter.refresh_from_db()
            if letter.status != Newsletter.Status.SENT:
                return False
            if Delivery.objects.filter(newsletter=letter, state=State.UNCERTAIN).exists():
                sending.deliveries_reconcile(
                    newsletter=letter, accepted_message_ids=set(sink.message_ids)
                )
                return False
            return True

        wait_for(finished, worker, deadline, sweep=True)
    finally:
        worker.stop()
        sink.stop()
    assert states() == {State.SENT: RECIPIENTS}
    assert len(sink.per_recipient) == RECIPIENTS
    assert set(sink.per_recipient.values()) == {1}, {
        address: n for address, n in sink.per_recipient.items() if n != 1
    }
    log = (tmp_path / "worker.log").read_text()
    assert "newsletters.send_batch" in log
