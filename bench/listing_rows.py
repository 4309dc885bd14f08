"""Rows PostgreSQL reads per uncached request: the home page and the news index.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/listing_rows.py bench-1.localhost

Run by bench/run.py with the bench environment (PostgreSQL only); prints one JSON object.
For each path, in-process (Django's test client, the bench's settings), after a warm-up
request: ``--requests`` page-cache misses (a query string never seen), and

- ``pg_stat_database``'s ``tup_returned`` and ``tup_fetched`` deltas per request (the
  database's counters: the requests run on a connection of their own, closed before the
  counters are read, so that its statistics are flushed; the reader's own cost is measured
  and taken off);
- the rows each page table gave (``pg_stat_xact_user_tables``: sequential reads plus index
  fetches, for one more request inside a transaction), to see where they come from.
"""

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

TABLES = ("wagtailcore_page", "attractiveness_newspage", "attractiveness_eventpage")
PATHS = {"home": "/fr/", "news index": "/fr/actualites/"}


def _dsn() -> str:
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )


def _database_counters(dsn: str) -> tuple[int, int]:
    with psycopg.connect(dsn, autocommit=True) as reader:
        reader.execute("SELECT pg_stat_clear_snapshot()")
        return reader.execute(
            "SELECT tup_returned, tup_fetched FROM pg_stat_database WHERE datname = "
            "current_database()"
        ).fetchone()


def _table_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM "
            "pg_stat_xact_user_tables WHERE relname = ANY(%s)",
            [list(TABLES)],
        )
        return dict(cursor.fetchall())


def _get(client: Client, host: str, path: str) -> None:
    response = client.get(f"{path}?bench-rows={uuid.uuid4().hex}", HTTP_HOST=host)
    if response.status_code != 200 or response.get("X-Page-Cache") not in (None, "miss"):
        raise SystemExit(f"{host}{path}: {response.status_code} {response.get('X-Page-Cache')}")


def measure(host: str, path: str, requests: int, dsn: str) -> dict:
    client = Client()
    _get(client, host, path)  # warm: host lookup, chrome, renditions
    connection.close()
    start = _database_counters(dsn)
    reader = _database_counters(dsn)  # what one reading costs, taken off below
    reader_cost = [b - a for a, b in zip(start, reader, strict=True)]
    for _ in range(requests):
        _get(client, host, path)
    connection.close()  # a backend flushes its statistics when it exits
    end = _database_counters(dsn)
    returned, fetched = (
        (b - a - cost) / requests for a, b, cost in zip(reader, end, reader_cost, strict=True)
    )
    with transaction.atomic():
        before = _table_rows()
        _get(client, host, path)
        after = _table_rows()
    return {
        "path": path,
        "requests": requests,
        "tup_returned": round(returned, 1),
        "tup_fetched": round(fetched, 1),
        "table_rows": {table: after.get(table, 0) - before.get(table, 0) for table in TABLES},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/listing_rows.py reads PostgreSQL's counters: set DATABASE_URL")
    from attractiveness.models import EventPage, NewsPage
    from territories.selectors import territory_for_hostname

    root = territory_for_hostname(args.host).site.root_page
    dsn = _dsn()
    result = {
        "host": args.host,
        "news": NewsPage.objects.descendant_of(root).count(),
        "events": EventPage.objects.descendant_of(root).count(),
        "pages_under_home": root.get_descendants().count(),
        "pages_in_database": root._meta.model.objects.count(),
    }
    for name, path in PATHS.items():
        result[name] = measure(args.host, path, args.requests, dsn)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
