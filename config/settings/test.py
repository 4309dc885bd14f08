"""Tests: chosen explicitly (pytest --ds / pyproject). SQLite and eager tasks unless the
environment points at the real services (CI sets DATABASE_URL and REDIS_URL). `.env` is never
read (only dev.py reads it): a developer's file cannot point the suite at their database."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403
from .base import REDIS_CACHE_URL, env

DEBUG = False
# A feature app that exists only here: tests of the tenancy mechanism (tests/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Messages land in mail.outbox as sent; tests/core/test_outbox_mail.py runs the outbox backend.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TERRITORIA_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
# A worker process that a service test starts sends to that test's SMTP sink
# (tests/newsletters/test_crash.py): the only way these settings reach a real SMTP server.
if os.environ.get("TERRITORIA_TEST_WORKER_EMAIL_URL"):
    _worker_email = env.email_url("TERRITORIA_TEST_WORKER_EMAIL_URL")
    vars().update(_worker_email)
    TERRITORIA_EMAIL_DELIVERY_BACKEND = _worker_email["EMAIL_BACKEND"]
    EMAIL_BACKEND = "core.mail.OutboxEmailBackend"
# The provider webhooks are routed (config/urls.py) so that tests post to them.
ANYMAIL = {"WEBHOOK_SECRET": "provider:test-webhook-secret"}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The suite runs tasks inline; the Celery round trip is proven by a test that starts a real
# worker process against the real Redis (tests/core/test_celery_worker.py), with
# CELERY_TASK_ALWAYS_EAGER=false in that worker's environment.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
if REDIS_CACHE_URL:
    # One key prefix per process (pytest-xdist worker): cache.clear() in one worker deletes
    # its own keys only (core.cache.PrefixScopedClient), never another worker's or the queues.
    # A Celery worker a test starts shares its test process's prefix (TERRITORIA_TEST_CACHE_
    # PREFIX, tests/core/conftest.py), as a worker shares the web's in production.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"]["KEY_PREFIX"] = env(  # noqa: F405
        "TERRITORIA_TEST_CACHE_PREFIX", default=f"test-{worker}-{os.getpid()}"
    )
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Serve static files from the finders as runserver does: no collectstatic before the suite.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

TERRITORIA_SCOPE_ERRORS_RAISE = True
