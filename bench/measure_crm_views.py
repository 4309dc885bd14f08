"""The CRM's board, dashboard and a lead's page measured in-process with many leads.

    .venv/bin/python bench/measure_crm_views.py <territory slug> [--leads 100000] [--runs 20]

Against a seeded database (``make demo``, or the bench's): first tops the territory up to
``--leads`` leads (bulk inserts, spread over stages, sources and 18 months; idempotent, by
email), then prints one JSON object with p50/p95 and the SQL query count of: the pipeline
board (unfiltered and by assignee), the admin home page with the CRM panel, a lead's edit
page (matching included), each through Django's test client signed in as the territory's
demo developer, second factor switched off (``TERRITORIA_MFA_REQUIRED``) for the run.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from investors.models import Lead  # noqa: E402
from territories.models import Territory  # noqa: E402
from territories.tenancy import platform_wide  # noqa: E402

STAGES = ["new", "qualified", "active", "visit", "decision", "won", "lost", "abandoned"]
SOURCES = ["", "linkedin", "newsletter", "salon", "google", ""]


def top_up(territory, count: int) -> int:
    existing = Lead.objects.filter(territory=territory, email__startswith="bench-").count()
    now = timezone.now()
    batch = []
    for number in range(existing, count):
        created = now - datetime.timedelta(minutes=number * 7)
        stage = STAGES[number % len(STAGES)]
        batch.append(
            Lead(
                territory=territory,
                contact_name=f"Bench {number}",
                email=f"bench-{number}@example.com",
                company=f"Company {number}",
                jobs_planned=number % 80,
                surface_needed=500 + number % 5000,
                stage=stage,
                utm_source=SOURCES[number % len(SOURCES)],
                created_at=created,
                first_answer_at=created + datetime.timedelta(hours=number % 50),
                closed_at=created if stage in Lead.CLOSED_STAGES else None,
                consent_text="bench",
            )
        )
        if len(batch) == 5000:
            Lead.objects.bulk_create(batch)
            batch = []
    Lead.objects.bulk_create(batch)
    # auto_now_add overrode created_at: spread them again (one UPDATE)
    Lead.objects.filter(territory=territory, email__startswith="bench-").update(
        created_at=timezone.now()
        - datetime.timedelta(minutes=1) * django.db.models.F("jobs_planned") * 9000
    )
    return max(0, count - existing)


def measure(client, url, host, runs):
    for _warm in range(2):
        client.get(url, HTTP_HOST=host)
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST=host)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, HTTP_HOST=host)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(captured),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("slug")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    settings.TERRITORIA_MFA_REQUIRED = False
    settings.ALLOWED_HOSTS = ["*"]
    with platform_wide():
        territory = Territory.objects.select_related("site").get(slug=args.slug)
        added = top_up(territory, args.leads)
        total = Lead.objects.filter(territory=territory).count()
        lead = Lead.objects.filter(territory=territory).exclude(email__startswith="bench-").first()
    developer = get_user_model().objects.get(email=f"developer@{territory.slug}.localhost")
    client = Client()
    client.force_login(developer)
    host = territory.site.hostname
    result = {"territory": args.slug, "leads": total, "added": added, "runs": args.runs}
    result["board"] = measure(client, "/admin/leads/board/", host, args.runs)
    result["board by assignee"] = measure(
        client, f"/admin/leads/board/?assignee={developer.pk}", host, args.runs
    )
    result["home with CRM panel"] = measure(client, "/admin/", host, args.runs)
    if lead is not None:
        result["lead page"] = measure(client, f"/admin/leads/edit/{lead.pk}/", host, args.runs)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
