"""Worker RSS of a stock Wagtail site, the yardstick of the bench's memory target.

    .venv/bin/python bench/stock_wagtail.py            # SQLite
    DATABASE_URL=postgres://…/bench .venv/bin/python bench/stock_wagtail.py
    DATABASE_URL=… REDIS_URL=redis://…/11 .venv/bin/python bench/stock_wagtail.py --stack

Run by bench/run.py; prints one JSON object. In a temporary directory (removed at the end):
``wagtail start`` from this virtualenv (the same Django, Wagtail and Python as Territoria),
its production settings with a local.py (secret key, hosts, the database: PostgreSQL
database ``<name>_stock`` on DATABASE_URL's server when it is PostgreSQL, else SQLite),
``migrate``, gunicorn with the bench's 2 sync workers, ``REQUESTS`` requests to its home page
and admin login page, then the workers' VmRSS (and RSS, PSS, USS from smaps_rollup). Nothing
of it is committed or kept.

``--stack``: the same project with the libraries the design card fixes and ``wagtail start``
lacks, set up only as far as any site on that stack uses them (STACK below; none of
Territoria's code): django-allauth's apps, middleware, authentication backend and URLs;
a Celery app in the project package, as Celery's "First steps with Django" writes it, on
REDIS_URL's broker; the cache on django-redis (REDIS_CACHE_URL, else the database paired
with REDIS_URL's, as config/settings/base.py pairs them); PostgreSQL database
``<name>_stack``. Its requests are the stock site's plus STACK_LOGINS failed logins through
allauth (GET then POST /accounts/login/), which read and write allauth's rate limits in
the cache: a site on this stack serves its login page, and without a cache call its
workers would not have imported django-redis and redis-py at all.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    BIN,
    WORKERS,
    children,
    free_port,
    memory_mb,
    postgres_beside,
    rss_mb,
    stop,
)

REQUESTS = 200
LOCAL = """from .base import STORAGES

SECRET_KEY = {secret!r}
ALLOWED_HOSTS = ["127.0.0.1"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
DATABASES = {{"default": {database!r}}}
"""
# Appended to LOCAL for --stack. allauth as its quickstart sets it up (account only: no
# social providers, no MFA), Celery's Django settings namespace, django-redis's cache.
STACK = """
from .base import INSTALLED_APPS, MIDDLEWARE

INSTALLED_APPS += ["allauth", "allauth.account"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
CELERY_BROKER_URL = {broker!r}
CACHES = {{"default": {{"BACKEND": "django_redis.cache.RedisCache", "LOCATION": {cache!r}}}}}
"""
# stocksite/celery.py and the import in stocksite/__init__.py, as Celery's Django docs show.
CELERY_APP = """import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stocksite.settings.production")
app = Celery("stocksite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""
CELERY_IMPORT = """from .celery import app as celery_app

__all__ = ("celery_app",)
"""
STACK_LOGINS = 10


def _database(project: Path, suffix: str = "_stock") -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(project / "db.sqlite3")}
    return postgres_beside(url, suffix)


def _redis_urls() -> tuple[str, str]:
    """(broker, cache) for --stack: REDIS_URL's database and REDIS_CACHE_URL, else the
    database paired with the broker's (its number with the last bit flipped)."""
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
    if not broker.startswith("redis://"):
        raise SystemExit("--stack needs REDIS_URL (the broker; the cache is its pair)")
    parts = urllib.parse.urlsplit(broker)
    paired = f"/{int(parts.path.strip('/') or 0) ^ 1}"
    return broker, os.environ.get("REDIS_CACHE_URL") or urllib.parse.urlunsplit(
        parts._replace(path=paired)
    )


def _stack(project: Path) -> str:
    """Turn the ``wagtail start`` project into one on the design card's stack; the
    settings to append to local.py."""
    package = project / "stocksite"
    (package / "celery.py").write_text(CELERY_APP)
    (package / "__init__.py").write_text(CELERY_IMPORT)
    urls = package / "urls.py"
    urls.write_text(
        urls.read_text().replace(
            "urlpatterns = [\n",
            'urlpatterns = [\n    path("accounts/", include("allauth.urls")),\n',
            1,
        )
    )
    broker, cache = _redis_urls()
    return STACK.format(broker=broker, cache=cache)


def _failed_login(port: int) -> None:
    """GET allauth's login page, then POST it wrong credentials (with its CSRF token)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    url = f"http://127.0.0.1:{port}/accounts/login/"
    with opener.open(url, timeout=30) as page:
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "nobody@example.com", "password": "wrong"}
    ).encode()
    with opener.open(urllib.request.Request(url, data=data), timeout=30) as page:
        page.read()  # 200: the form again, with its error


def measure(stack: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="territoria-stock-wagtail-"))
    gunicorn = None
    suffix = "_stack" if stack else "_stock"
    try:
        subprocess.run([str(BIN / "wagtail"), "start", "stocksite", str(tmp)], check=True)
        settings = tmp / "stocksite" / "settings" / "local.py"
        local = LOCAL.format(secret=os.urandom(24).hex(), database=_database(tmp, suffix))
        settings.write_text(local + (_stack(tmp) if stack else ""))
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO")},
            "DJANGO_SETTINGS_MODULE": "stocksite.settings.production",
        }
        python = str(BIN / "python")
        manage = [python, "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=tmp, env=env, check=True)
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "stocksite.wsgi:application"),
                *("--workers", str(WORKERS), "--worker-class", "sync"),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            ],
            cwd=tmp,
            env=env,
            start_new_session=True,
        )
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except OSError:
                time.sleep(0.25)
        for n in range(REQUESTS):
            path = "/" if n % 2 else "/admin/login/"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as page:
                page.read()
        for _ in range(STACK_LOGINS if stack else 0):
            _failed_login(port)
        workers = children(gunicorn.pid)
        return {
            "rss": {pid: round(rss_mb(pid), 1) for pid in workers},
            "memory": {pid: memory_mb(pid) for pid in workers},
            "requests": REQUESTS + (2 * STACK_LOGINS if stack else 0),
            "database": _database(tmp, suffix)["ENGINE"].rsplit(".", 1)[-1],
            "stack": stack,
        }
    finally:
        stop(gunicorn, "stock Wagtail's gunicorn")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(measure(stack="--stack" in sys.argv)))
