"""Tests: chosen explicitly (pytest --ds / pyproject). SQLite and eager tasks unless the
environment points at the real services (CI sets DATABASE_URL and REDIS_URL)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403
from .base import REDIS_URL  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# The suite runs tasks inline; the Celery round trip is proven by a test that starts a real
# worker process against the real Redis (tests/core/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
TASKS = {
    "default": {
        "BACKEND": "core.tasks_backend.CeleryBackend"
        if REDIS_URL
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}
if REDIS_URL:
    # A separate Redis database so that tests never touch the demo's cache or queues.
    CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
