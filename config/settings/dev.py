"""Local development and `make demo`: DEBUG on, a fixed secret, *.localhost hosts.

The one settings module that reads `.env`, before base.py reads the environment; variables
already set win over the file. Production reads its real environment (compose passes it),
tests never read `.env` at all (tests/core/test_settings.py proves both).
"""

import os
from pathlib import Path

import environ

ENV_FILE = Path(__file__).resolve().parent.parent.parent / ".env"
if ENV_FILE.exists():
    environ.Env.read_env(ENV_FILE, overwrite=False)
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-never-in-production")

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", ".localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = ["http://*.localhost:8000", "http://localhost:8000"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

TERRITORIA_SCOPE_ERRORS_RAISE = True
# The demo's developers open the CRM without an authenticator app; production requires one
# (users/mfa.py). TERRITORIA_MFA_REQUIRED=1 make demo tries it as production has it.
TERRITORIA_MFA_REQUIRED = env.bool("TERRITORIA_MFA_REQUIRED", default=False)
