"""The CRM's leads listing measured in-process, against the bench database (bench/leads.py).

    .venv/bin/python bench/measure_crm.py bench-1.localhost bench-2.localhost [--runs 30]

Run by bench/crm.py with the bench environment; prints one JSON object. For each scenario
(a query string of the Leads listing as its filters and search send it), p50/p95/p99 of a
whole request through Django's test client (every middleware, the session, the second
factor's check, the template) as a Developer of the territory, after 2 warm-up requests,
and the SQL queries of one request. The same scenarios on the second host, a territory with
few leads, give the query counts to compare: they must be equal (constant query count).

On a shared machine the wall times move with the other processes' load; each scenario also
reports the CPU a request took, over all its requests (warm-up included): ``cpu_ms`` this
process's (Django, Wagtail, the template), ``db_cpu_ms`` its PostgreSQL backend's (/proc,
clock ticks of 10 ms summed over the 33 requests), which a loaded machine moves less.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.leads import developers, territory_for  # noqa: E402
from bench.run import cpu_seconds  # noqa: E402
from bench.stats import time_get  # noqa: E402
from investors.models import Lead  # noqa: E402
from territories.tenancy import territory_scope  # noqa: E402


def scenarios(deep_page: int) -> dict[str, str]:
    return {
        "listing": "",
        "page 2": "p=2",
        "deep page": f"p={deep_page}",
        "stage": "stage=qualified",
        "assignee + stage": "stage=active&assignee={assignee}",
        "search": "q=dubois",
        "created range": "created_at_after=2026-01-01&created_at_before=2026-06-30",
        "sort by company": "ordering=company",
        "everything": "stage=lost&project_type=extension&q=martin&ordering=-created_at",
    }


def signed_in(user) -> Client:
    """A Developer signed in with the second factor passed, as the CRM requires (the
    suite's own helper: the session allauth writes after a TOTP code)."""
    from tests.territories.isolation_world import admin_client

    return admin_client(user)


WARM_UP = 2


def backend_pids() -> list[int]:
    """This process's PostgreSQL backend, whose CPU the listing's SQL costs (none on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return [cursor.fetchone()[0]]


def measure_host(host: str, runs: int) -> dict:
    territory = territory_for(host)
    user = developers(territory)[0]
    with territory_scope(territory):
        leads = Lead.objects.count()
    client = signed_in(user)
    url = reverse("leads:index")
    result = {"host": host, "leads": leads, "scenarios": {}}
    for name, query in scenarios(deep_page=max(1, leads // 20 // 2)).items():
        query = query.format(assignee=user.pk)
        backend, started = backend_pids(), time.process_time()
        before = cpu_seconds(backend)
        figures = time_get(client, f"{url}?{query}" if query else url, runs, warm_up=WARM_UP)
        requests = runs + WARM_UP + 1  # time_get's warm-up, the timed runs, the counted one
        figures["cpu_ms"] = round((time.process_time() - started) * 1000 / requests, 1)
        figures["db_cpu_ms"] = round((cpu_seconds(backend) - before) * 1000 / requests, 1)
        figures["query"] = query
        result["scenarios"][name] = figures
        print(f"[bench]   {host} {name}: {figures}", file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("hosts", nargs="+")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(json.dumps({"hosts": [measure_host(host, args.runs) for host in args.hosts]}))


if __name__ == "__main__":
    main()
