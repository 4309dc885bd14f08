"""Settings of the Celery worker that tests/investors/test_digest_worker.py starts: the test
settings, with email delivered by SMTP to the test's aiosmtpd sink and digests due at any
hour."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "core.mail.OutboxEmailBackend"
TERRITORIA_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TERRITORIA_TEST_SMTP_PORT"])
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
TERRITORIA_DIGEST_HOUR = 0
