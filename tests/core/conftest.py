"""Fixtures for the tests that need the real services: Redis (broker) and a database that a
second process can open (PostgreSQL in CI)."""

import os
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import Collection, Locale, Page

from config.celery import app as celery_app
from tests.factories import ensure_localize_permission

QUEUES = ("default", "bulk", "search")
BASE_DIR = Path(settings.BASE_DIR)


def services_missing() -> str:
    """Why the real-services tests cannot run here, or '' when they can."""
    if not settings.REDIS_URL:
        return "needs REDIS_URL (a real Redis broker); .ci/run sets it"
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return "needs a database a worker process can open (DATABASE_URL=postgres://…)"
    return ""


def database_url() -> str:
    """The URL of the test database this process uses (test_<name>), for a child process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def queue_size(name: str) -> int:
    with celery_app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=name).message_count


def purge_queues() -> None:
    """Empty the queues, and forget their kicks (core/outbox.py): a kick left by a task
    purged here would keep the next commits from sending theirs."""
    with celery_app.connection_for_write() as conn:
        for name in QUEUES:
            conn.default_channel.queue_purge(name)
    forget_kicks()


def forget_kicks() -> None:
    from django.core.cache import cache

    from core.outbox import _kick_key

    cache.delete_many([_kick_key(name) for name in QUEUES])


@pytest.fixture
def broker():
    """The real Redis broker, with eager mode off in this process and empty queues."""
    reason = services_missing()
    if reason:
        pytest.skip(reason)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    purge_queues()
    try:
        yield celery_app
    finally:
        purge_queues()
        celery_app.conf.task_always_eager = eager


@pytest.fixture
def page_tree_root(transactional_db):
    """Wagtail's root page, root collection and default locale, which come from data
    migrations: the flush after a transactional test (this one, a browser test) removes them."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    ensure_localize_permission()
    return root


def worker_command(name: str) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "-Q", ",".join(QUEUES), "-c", "1", "--pool=solo", "-l", "INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"{name}@%h",
    ]  # fmt: skip


def worker_env() -> dict[str, str]:
    """A worker on the same test database and broker, not eager."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        CELERY_BROKER_URL=celery_app.conf.broker_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        # The same cache keys as this process (the outbox's kicks among them).
        TERRITORIA_TEST_CACHE_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", ""),
        DJANGO_CONN_MAX_AGE="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def run_worker_until(
    done, *, log_path: Path, name: str, bound: float, env: dict[str, str] | None = None
) -> str:
    """Start a real Celery worker process (``env`` added to ``worker_env()``), wait until
    ``done()`` (at most ``bound`` seconds), stop it, and return its log."""
    import subprocess
    import time
    import uuid

    with log_path.open("w") as log:
        worker = subprocess.Popen(
            worker_command(f"{name}-{uuid.uuid4().hex[:8]}"),
            cwd=BASE_DIR,
            env={**worker_env(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + bound
            while not done():
                assert worker.poll() is None, f"worker exited early:\n{log_path.read_text()}"
                assert time.monotonic() < deadline, (
                    f"not done after {bound}s:\n{log_path.read_text()}"
                )
                time.sleep(0.2)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    return log_path.read_text()
