"""A stock Django form POST under the same crowd: the yardstick of the inquiry POST's target.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/stock_inquiry.py [--rounds 3]

Run by bench/crm.py, round for round beside Territoria's inquiry POST; alone it prints one
JSON object. In a temporary directory (removed at the end): ``django-admin startproject``
from this virtualenv (the same Python, Django, psycopg and gunicorn as Territoria), with its
default middleware (sessions, CSRF, authentication, messages, clickjacking), DEBUG off, the
database ``<name>_stock_inquiry`` on DATABASE_URL's server (PostgreSQL), and one app: a
``Lead`` model with the project form's fields, its ``ModelForm``, and one view that shows
the form (GET ``/fr/votre-projet/``) and on a valid POST (to ``/fr/inquiries/1/``) saves the
row and answers 303 to ``?sent=1``, as the Django tutorial writes a form view. gunicorn with
the bench's sync workers; bench/crm.py's clients post the same answers to it.

What it leaves out is what the issue asks of Territoria's POST beyond saving a row: the
territory of the host, the rate limit, spam checks, the idempotency token, the lead's
deduplication, its activity, the two emails recorded in the outbox and handed to Celery. Its
p99 is the floor of a Django form POST on this machine at that moment; the ratio of
Territoria's p99 to it does not drift with the machine's speed. Nothing of it is committed
or kept.
"""

import argparse
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

from bench.run import BIN, children, free_port, postgres_beside, stop

APP_MODELS = """from django.db import models


class Lead(models.Model):
    contact_name = models.CharField(max_length=200)
    email = models.EmailField()
    company = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=200, blank=True)
    project_type = models.CharField(
        max_length=20,
        choices=[
            ("creation", "Creation"), ("extension", "Extension"), ("relocation", "Relocation")
        ],
    )
    jobs_planned = models.PositiveIntegerField(null=True, blank=True)
    surface_needed = models.PositiveIntegerField(null=True, blank=True)
    timeline = models.CharField(
        max_length=10, blank=True,
        choices=[("0-6m", "0-6m"), ("6-12m", "6-12m"), ("12m+", "12m+")],
    )
    budget_range = models.CharField(
        max_length=10, blank=True,
        choices=[("0-1m", "0-1m"), ("1-5m", "1-5m"), ("5m+", "5m+")],
    )
    message = models.TextField(max_length=5000)
    consent = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)
"""
APP_VIEWS = """from django import forms
from django.shortcuts import redirect, render

from .models import Lead


class LeadForm(forms.ModelForm):
    consent = forms.BooleanField(required=True)

    class Meta:
        model = Lead
        exclude = ["created_at"]


def inquiry(request):
    if request.method == "POST":
        form = LeadForm(request.POST)
        if form.is_valid():
            form.save()
            response = redirect("/fr/votre-projet/?sent=1")
            response.status_code = 303
            return response
    else:
        form = LeadForm()
    return render(request, "inquiry.html", {"form": form}, status=400 if form.errors else 200)
"""
TEMPLATE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Votre projet</title></head>
<body><main><h1>Votre projet</h1>
<form action="/fr/inquiries/1/" method="post">{% csrf_token %}{{ form.as_div }}
<button type="submit">Envoyer</button></form></main></body></html>
"""
URLS = """from django.urls import path

from inquiry.views import inquiry

urlpatterns = [
    path("fr/votre-projet/", inquiry),
    path("fr/inquiries/1/", inquiry),
]
"""
SETTINGS = """
DEBUG = False
ALLOWED_HOSTS = ["*"]
SECRET_KEY = {secret!r}
INSTALLED_APPS += ["inquiry"]
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates"]
DATABASES = {{"default": {database!r}}}
"""


def database_settings(url: str, suffix: str = "_stock_inquiry") -> dict:
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench/stock_inquiry.py needs DATABASE_URL on PostgreSQL")
    return {**postgres_beside(url, suffix), "CONN_MAX_AGE": 600}


class StockSite:
    """The stock project, migrated and served by gunicorn while the context is open."""

    def __init__(self, workers: int, database_url: str):
        self.workers = workers
        self.database = database_settings(database_url)
        self.tmp = Path(tempfile.mkdtemp(prefix="territoria-stock-inquiry-"))
        self.gunicorn = None
        self.port = 0

    def __enter__(self) -> "StockSite":
        tmp = self.tmp
        subprocess.run([str(BIN / "django-admin"), "startproject", "stock", str(tmp)], check=True)
        app = tmp / "inquiry"
        (app / "migrations").mkdir(parents=True)
        for name, text in {
            "__init__.py": "",
            "migrations/__init__.py": "",
            "models.py": APP_MODELS,
            "views.py": APP_VIEWS,
        }.items():
            (app / name).write_text(text)
        (tmp / "templates").mkdir()
        (tmp / "templates" / "inquiry.html").write_text(TEMPLATE)
        (tmp / "stock" / "urls.py").write_text(URLS)
        settings = tmp / "stock" / "settings.py"
        settings.write_text(
            settings.read_text()
            + SETTINGS.format(secret=os.urandom(32).hex(), database=self.database)
        )
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO")},
            "DJANGO_SETTINGS_MODULE": "stock.settings",
        }
        manage = [str(BIN / "python"), "manage.py"]
        subprocess.run([*manage, "makemigrations", "inquiry", "-v0"], cwd=tmp, env=env, check=True)
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=tmp, env=env, check=True)
        self.port = free_port()
        self.gunicorn = subprocess.Popen(
            [
                *(str(BIN / "gunicorn"), "stock.wsgi:application"),
                *("--workers", str(self.workers), "--worker-class", "sync"),
                *("--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"),
                *("--worker-tmp-dir", "/dev/shm"),
            ],
            cwd=tmp,
            env=env,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{self.port}/fr/votre-projet/"
        for _ in range(240):
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.25)
        else:
            raise RuntimeError("the stock Django site did not answer within 60 s")
        return self

    def pids(self) -> list[int]:
        return children(self.gunicorn.pid)

    def count(self) -> int:
        """The leads saved so far (each crowd's "0 lost" is checked against it)."""
        import psycopg

        database = self.database
        with psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"],
            dbname=database["NAME"],
        ) as connection:
            return connection.execute("SELECT count(*) FROM inquiry_lead").fetchone()[0]

    def __exit__(self, *exc) -> None:
        stop(self.gunicorn, "the stock Django site's gunicorn")
        shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> None:
    from bench.crm import CLIENTS, FORMS, WORKERS, inquiries
    from bench.stats import percentiles

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with StockSite(WORKERS, os.environ.get("DATABASE_URL", "")) as site:
        inquiries(site.port, site.pids(), 2, 2, site.database["NAME"])  # warm-up
        samples, rounds = [], []
        for _ in range(args.rounds):
            crowd = inquiries(site.port, site.pids(), CLIENTS, FORMS, site.database["NAME"])
            samples += crowd.pop("samples")
            rounds.append(crowd)
        print(json.dumps({"crowd": percentiles(samples), "rounds": rounds, "saved": site.count()}))


if __name__ == "__main__":
    main()
