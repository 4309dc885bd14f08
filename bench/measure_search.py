"""The public site search measured in-process, against the bench database (bench/search.py's
data), through Django's test client: the whole middleware stack, the territory's scope, the
promoted results and the full-text query, as a visitor's request runs them.

    .venv/bin/python bench/measure_search.py bench-1.localhost [--runs 60] [--explain]

Prints one JSON object: the size of the data (pages, search index entries), and for each
scenario p50/p95/p99 of the request, its SQL query count and its result count; with
``--explain`` (PostgreSQL), ``EXPLAIN (ANALYZE, BUFFERS)`` of the full-text query of the
first scenario.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search.models import IndexEntry  # noqa: E402

from bench.stats import time_it  # noqa: E402

# What visitors type: a word of every generated page's summary (the 20-result cap), a sector
# with and without accents, two words, a word found nowhere, the longest query the form takes.
SCENARIOS = {
    "a word on every page": "résumé",
    "accents typed": "aéronautique",
    "no accents": "aeronautique",
    "two words": "rencontre énergie",
    "no result": "zorglub",
    "200 characters": ("numerique sante energie " * 9)[:200],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    client = Client(HTTP_HOST=args.host)
    results = {}
    for name, query in SCENARIOS.items():

        def call(query=query, name=name):
            response = client.get("/fr/recherche/", {"q": query})
            assert response.status_code == 200, (name, response.status_code)
            return response

        timing, queries = time_it(call, args.runs)
        response = call()
        results[name] = {
            **timing,
            "queries": len(queries),
            # No test environment here (response.context is the test runner's): the teasers.
            "results": response.content.decode().count('<li class="teaser">'),
        }
        if args.explain and connection.vendor == "postgresql" and "explain" not in results:
            search_sql = max(queries, key=lambda sql: sql.count("@@") + sql.count("ts_rank"))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + search_sql)
                results["explain"] = "\n".join(row[0] for row in cursor.fetchall())
    output = {
        "host": args.host,
        "pages": Page.objects.count(),
        "index_entries": IndexEntry.objects.count(),
        "scenarios": results,
    }
    print(json.dumps(output))


if __name__ == "__main__":
    main()
