"""The CRM's pipeline board, the admin home page and a lead's page measured in-process.

    .venv/bin/python bench/measure_crm_views.py bench-1.localhost bench-2.localhost \
        [--leads 100000] [--runs 20]

Run by bench/crm.py with the bench environment, against its database (bench/leads.py's
leads); prints one JSON object. With ``--leads``, each host's territory is first topped up
to that many leads (bench/leads.py's ``generate_leads``; idempotent). For each host and
each scenario (the pipeline board, unfiltered and by assignee; the admin home page with the
CRM panel; a lead's edit page, matching included), p50/p95/p99 of a whole request through
Django's test client (bench/stats.py's ``time_get``, after 2 warm-up requests) as a
Developer of the territory with the second factor passed, and the SQL queries of one
request. The second host, a territory with few leads, gives the query counts to compare.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.urls import reverse  # noqa: E402

from bench.leads import developers, generate_leads, territory_for  # noqa: E402
from bench.stats import time_get  # noqa: E402
from investors.models import Lead  # noqa: E402
from territories.tenancy import territory_scope  # noqa: E402


def scenarios(user, lead) -> dict[str, str]:
    board = reverse("leads:board")
    urls = {
        "board": board,
        "board by assignee": f"{board}?assignee={user.pk}",
        "home with CRM panel": reverse("wagtailadmin_home"),
    }
    if lead is not None:
        urls["lead page"] = reverse("leads:edit", args=[lead.pk])
    return urls


def measure_host(host: str, runs: int) -> dict:
    # The suite's own helper: the session allauth writes after a TOTP code.
    from tests.territories.isolation_world import admin_client

    territory = territory_for(host)
    user = developers(territory)[0]
    with territory_scope(territory):
        leads = Lead.objects.count()
        lead = Lead.objects.order_by("pk").first()
    client = admin_client(user)
    result = {"host": host, "leads": leads, "scenarios": {}}
    for name, url in scenarios(user, lead).items():
        figures = time_get(client, url, runs)
        figures["url"] = url
        result["scenarios"][name] = figures
        print(f"[bench]   {host} {name}: {figures}", file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("hosts", nargs="+")
    parser.add_argument("--leads", type=int, help="top each host's territory up to this many")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.leads:
        for host in args.hosts:
            generate_leads(host, args.leads, log=lambda line: print(line, file=sys.stderr))
    print(json.dumps({"hosts": [measure_host(host, args.runs) for host in args.hosts]}))


if __name__ == "__main__":
    main()
