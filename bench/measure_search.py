"""The public site search measured in-process, against the bench database (bench/search.py's
data), through Django's test client: the whole middleware stack, the territory's scope, the
promoted results and the full-text query, as a visitor's request runs them.

    .venv/bin/python bench/measure_search.py bench-1.localhost [--runs 60] [--explain]

The scenarios run in turn, one request each, ``--runs`` rounds after three warm-up requests
each. Prints one JSON object: the size of the data (pages, search index entries, companies), and
for each scenario p50/p95/p99 of the request, its SQL query count and its result counts
(pages, companies); with ``--explain`` (PostgreSQL), ``EXPLAIN (ANALYZE, BUFFERS)`` of the
pages' full-text query of the first scenario and of the companies' query of the first
scenario that finds companies.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from attractiveness.models import Company  # noqa: E402
from bench.stats import percentiles  # noqa: E402
from territories.tenancy import platform_wide  # noqa: E402

# What visitors type: a word of every generated page's summary (the 20-result cap), a sector
# with and without accents, two words, a word found nowhere, the longest query the form takes;
# for the companies (bench/generate_data.py's generate_companies): a company's name, a trade
# shared by one company in thirteen, a commune typed without accents (one in ten companies),
# an activity (a NAF label's word).
SCENARIOS = {
    "a word on every page": "résumé",
    "accents typed": "aéronautique",
    "no accents": "aeronautique",
    "two words": "rencontre énergie",
    "no result": "zorglub",
    "200 characters": ("numerique sante energie " * 9)[:200],
    "a company's name": "Laboratoire des Alpes 12345",
    "a trade (7,700 companies)": "boulangerie",
    "a commune, no accents": "saint etienne",
    "an activity": "programmation informatique",
}


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    client = Client(HTTP_HOST=args.host)

    def call(name):
        response = client.get("/fr/recherche/", {"q": SCENARIOS[name]})
        assert response.status_code == 200, (name, response.status_code)
        return response

    # Round robin, one request of each scenario in turn: on a shared machine a burst of
    # someone else's load then lands on every scenario alike, not on one of them.
    samples = {name: [] for name in SCENARIOS}
    for name in SCENARIOS:
        for _ in range(3):  # warm-up
            call(name)
    for _ in range(args.runs):
        for name in SCENARIOS:
            started = time.perf_counter()
            call(name)
            samples[name].append((time.perf_counter() - started) * 1000)
    results = {}
    for name in SCENARIOS:
        with CaptureQueriesContext(connection) as captured:
            text = call(name).content.decode()
        queries = [query["sql"] for query in captured]
        results[name] = {
            **percentiles(samples[name], digits=2),
            "queries": len(queries),
            # No test environment here (response.context is the test runner's): the teasers.
            "results": text.count('<li class="teaser">'),
            "companies": text.count('<li class="teaser teaser--company">'),
        }
        if args.explain and connection.vendor == "postgresql":
            pages_sql = [sql for sql in queries if "indexentry" in sql and "@@" in sql]
            if pages_sql and "explain" not in results:
                results["explain"] = _explain(pages_sql[0])
            company_sql = [sql for sql in queries if "search_vector @@" in sql]
            if results[name]["companies"] and company_sql and "explain companies" not in results:
                results["explain companies"] = _explain(company_sql[0])
    with platform_wide():
        companies = Company.objects.count()
    output = {
        "host": args.host,
        "pages": Page.objects.count(),
        "index_entries": IndexEntry.objects.count(),
        "companies": companies,
        "scenarios": results,
    }
    print(json.dumps(output))


if __name__ == "__main__":
    main()
