"""The offer search measured in-process, against the bench database (bench/offers.py's data).

    .venv/bin/python bench/measure_offers.py bench-1.localhost [--runs 40] [--explain]

Run by bench/run.py with the bench environment; prints one JSON object:

- ``search``: for each scenario (a query string of the public search), p50/p95/p99 of
  ``offer_search`` (the facets' counts and one page of results, the page evaluated, its
  photos prefetched) over ``--runs`` calls after 3 warm-up calls, the SQL queries of one
  call, the result count;
- ``geojson``: the same for the map's ``geojson/`` URL without filters (Django's test
  client, the whole middleware stack, gzip accepted) and its body's size, plain and gzipped;
- ``explain``: with ``--explain``, ``EXPLAIN (ANALYZE, BUFFERS)`` of every query of the
  "type + transaction + surface" search and of the unfiltered one (PostgreSQL only).
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
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402

from bench.offers import communes, offer_index  # noqa: E402
from bench.stats import time_it  # noqa: E402
from realestate.selectors import offer_search  # noqa: E402
from territories.selectors import territory_for_hostname  # noqa: E402


def scenarios(territory_number: int, offers: int) -> dict[str, str]:
    """Representative searches: what the filter form sends (empty fields included)."""
    towns = communes(territory_number)
    deep = max(1, offers // 12 // 3)  # a third of the way through the unfiltered list
    return {
        "no filter": "",
        "type": "type=office",
        "type + transaction + surface": "type=warehouse&transaction=rent"
        "&surface_min=1000&surface_max=6000",
        "commune (main town)": f"commune={towns[0]['insee']}",
        "two small communes": f"commune={towns[-1]['insee']}&commune={towns[-2]['insee']}",
        "features": "feature=fibre&feature=parking",
        "price range": "transaction=sale&price_max=400000",
        "rent + availability": "rent_max=120&available=3m",
        "sort by surface": "type=premises&sort=-surface",
        "sort by rent": "sort=rent",
        "deep page": f"page={deep}",
        "everything": "type=office&type=retail&transaction=rent&surface_min=100"
        f"&rent_max=250&commune={towns[0]['insee']}&feature=fibre&include_concluded=on"
        "&sort=surface&page=2",
    }


def run_search(index, query: str) -> int:
    search = offer_search(index=index, params=QueryDict(query))
    list(search.results)  # the page of results, its photos prefetched
    return search.total


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    territory = territory_for_hostname(args.host)
    number = int(territory.slug.rsplit("-", 1)[1])
    index = offer_index(territory)
    offers = index.numchild
    result = {"host": args.host, "offers_in_territory": offers, "search": {}, "explain": {}}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM realestate_offerpage")
        result["offers_on_platform"] = cursor.fetchone()[0]
    searches = scenarios(number, offers)
    for name, query in searches.items():
        figures, queries = time_it(lambda query=query: run_search(index, query), args.runs)
        figures.update(query=query, queries=len(queries), total=run_search(index, query))
        result["search"][name] = figures
        print(f"[bench]   {name}: {figures}", file=sys.stderr, flush=True)
        if (
            args.explain
            and connection.vendor == "postgresql"
            and name
            in (
                "no filter",
                "type + transaction + surface",
            )
        ):
            result["explain"][name] = [(sql, explain(sql)) for sql in queries]

    client = Client()
    url = index.get_url_parts()[2] + "geojson/"

    def geojson(**headers):
        response = client.get(url, HTTP_HOST=args.host, **headers)
        assert response.status_code == 200, response.status_code
        return response

    figures, queries = time_it(
        lambda: geojson(HTTP_ACCEPT_ENCODING="gzip"), max(10, args.runs // 2)
    )
    body = geojson().content
    figures.update(
        url=url,
        queries=len(queries),
        features=len(json.loads(body)["features"]),
        bytes=len(body),
        gzip_bytes=len(geojson(HTTP_ACCEPT_ENCODING="gzip").content),
    )
    result["geojson"] = figures
    print(f"[bench]   geojson: {figures}", file=sys.stderr, flush=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
