"""Worker RSS of a stock Wagtail site, the yardstick of the bench's memory target.

    .venv/bin/python bench/stock_wagtail.py            # SQLite
    DATABASE_URL=postgres://…/bench .venv/bin/python bench/stock_wagtail.py

Run by bench/run.py; prints one JSON object. In a temporary directory (removed at the end):
``wagtail start`` from this virtualenv (the same Django, Wagtail and Python as Territoria),
its production settings with a local.py (secret key, hosts, the database: PostgreSQL
database ``<name>_stock`` on DATABASE_URL's server when it is PostgreSQL, else SQLite),
``migrate``, gunicorn with the bench's 2 sync workers, ``REQUESTS`` requests to its home page
and admin login page, then the workers' VmRSS (and RSS, PSS, USS from smaps_rollup). Nothing
of it is committed or kept.
"""

import json
import os
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
    ensure_postgres_database,
    free_port,
    memory_mb,
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


def _database(project: Path) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(project / "db.sqlite3")}
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_stock"
    ensure_postgres_database(urllib.parse.urlunsplit(parts._replace(path=f"/{name}")))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": urllib.parse.unquote(parts.username or ""),
        "PASSWORD": urllib.parse.unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def measure() -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="territoria-stock-wagtail-"))
    gunicorn = None
    try:
        subprocess.run([str(BIN / "wagtail"), "start", "stocksite", str(tmp)], check=True)
        settings = tmp / "stocksite" / "settings" / "local.py"
        settings.write_text(LOCAL.format(secret=os.urandom(24).hex(), database=_database(tmp)))
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
        workers = children(gunicorn.pid)
        return {
            "rss": {pid: round(rss_mb(pid), 1) for pid in workers},
            "memory": {pid: memory_mb(pid) for pid in workers},
            "requests": REQUESTS,
            "database": _database(tmp)["ENGINE"].rsplit(".", 1)[-1],
        }
    finally:
        stop(gunicorn, "stock Wagtail's gunicorn")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(measure()))
