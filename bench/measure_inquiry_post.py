"""One inquiry POST's own cost, in-process: CPU milliseconds per POST, serially.

    .venv/bin/python bench/measure_inquiry_post.py bench-1.localhost [--posts 200]
        [--profile var/inquiry.prof] [--sql]

Against a bench database (bench/generate_data.py, bench/leads.py) with the environment
bench/run.py gives gunicorn (production settings). Django's test client posts the whole
project form of /fr/votre-projet/ (a CSRF-checked client, the hidden fields of a GET, a new
email and client address each time, the fill-time stamp signed as if the form had been open
ten seconds), every middleware included; each POST must answer 303 to ``?sent=1``. Prints
one JSON object: p50/p95 wall time, CPU ms per POST (``time.process_time`` over the timed
POSTs: this process's CPU, the test client's included, not PostgreSQL's nor Redis's), the
CPU of this process's PostgreSQL backend per POST when the server is on this machine, and
the SQL queries of one POST (``--sql``: their text).
With ``--profile`` the timed POSTs run under cProfile, written to that file.
"""

import argparse
import cProfile
import json
import os
import re
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.run import cpu_seconds  # noqa: E402
from bench.stats import percentiles  # noqa: E402
from core.public_forms import STARTED  # noqa: E402
from investors.forms import ProjectInquiryForm  # noqa: E402

FORM_PATH = "/fr/votre-projet/"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
ACTION = re.compile(r'<form action="([^"]+)" method="post"')


def post_once(client: Client, host: str, run: str, n: int) -> tuple[dict, str, str]:
    """A GET of the form: its hidden fields, the visitor's answers, and where it posts."""
    address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
    response = client.get(FORM_PATH, HTTP_HOST=host, HTTP_X_FORWARDED_FOR=address)
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    fields = dict(HIDDEN.findall(body))
    fields[STARTED] = ProjectInquiryForm.started_stamp(time.time() - 10)
    fields.update(
        contact_name=f"Investisseur {n} <b>O'Brien</b>",
        email=f"inquiry-{run}-{n}@example.com",
        company="Bench Industries SAS",
        sector="Logistique",
        project_type="extension",
        jobs_planned="40",
        surface_needed="2000",
        timeline="6-12m",
        budget_range="1-5m",
        message="Nous cherchons 2 000 m² d'activité avec quai, livraison sous un an.",
        consent="on",
        website_url="",
    )
    return fields, address, ACTION.search(body)[1]


def postgres_backend() -> int | None:
    """The pid of this process's PostgreSQL backend when the server runs on this machine
    (its CPU is then read from /proc), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def process_cpu(pid: int | None) -> float:
    return cpu_seconds([pid]) if pid is not None else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--profile", default="")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one POST")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    client = Client(enforce_csrf_checks=True)

    def send(fields, address, action):
        response = client.post(
            action,
            urllib.parse.urlencode(fields),
            content_type="application/x-www-form-urlencoded",  # as a browser, as bench/crm.py
            HTTP_HOST=args.host,
            HTTP_X_FORWARDED_FOR=address,
        )
        assert response.status_code == 303, (response.status_code, response.content[:2000])
        assert response["Location"].endswith("?sent=1"), response["Location"]

    for n in range(args.warm_up):
        send(*post_once(client, args.host, run, n))
    forms = [post_once(client, args.host, run, args.warm_up + n) for n in range(args.posts + 1)]
    queries = []

    def record(execute, sql, params, many, context):
        queries.append({"sql": sql})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        send(*forms.pop())
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    samples = []
    backend = postgres_backend()
    backend_cpu = process_cpu(backend)
    cpu = time.process_time()
    for fields, address, action in forms:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        send(fields, address, action)
        if profiler:
            profiler.disable()
        samples.append((time.perf_counter() - started) * 1000)
    cpu = time.process_time() - cpu
    backend_cpu = process_cpu(backend) - backend_cpu
    if profiler:
        profiler.dump_stats(args.profile)
    figures = percentiles(samples)
    figures.update(
        cpu_ms_per_post=round(cpu * 1000 / len(forms), 2),
        postgres_cpu_ms_per_post=(
            round(backend_cpu * 1000 / len(forms), 2) if backend is not None else None
        ),
        queries=len(queries),
        sql=[query["sql"][:160] for query in queries] if args.sql else None,
        load=" ".join(f"{v:.2f}" for v in os.getloadavg()),
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
