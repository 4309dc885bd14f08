"""A real Celery worker process that delivers email to an aiosmtpd server of the test's own
(tests/investors/smtp_worker_settings.py): the end-to-end tests of the beat tasks."""

from aiosmtpd.controller import Controller

from tests.core import conftest as services
from tests.core.test_smtp import RecordingHandler
from tests.failing_services import free_port

WORKER_TIMEOUT = 90  # seconds: a bound, not a measurement


def run_worker_with_smtp(send, done, *, tmp_path, monkeypatch, name):
    """Call ``send()`` (which queues the tasks), run a worker until ``done(sink)``, and
    return its log and the SMTP server's ``RecordingHandler``."""
    sink = RecordingHandler()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = services.worker_env()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.investors.smtp_worker_settings",
        TERRITORIA_TEST_SMTP_PORT=str(port),
    )
    monkeypatch.setattr(services, "worker_env", lambda: env)
    try:
        send()
        log = services.run_worker_until(
            lambda: done(sink), log_path=tmp_path / "worker.log", name=name, bound=WORKER_TIMEOUT
        )
    finally:
        controller.stop()
    return log, sink
