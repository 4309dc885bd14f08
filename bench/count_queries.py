"""SQL queries of one uncached home page, counted in-process against the bench database.

Run by bench/run.py with the bench environment; prints one JSON object. Each host is warmed
first (host lookup, menus, renditions), then its home page is requested with a query string
the page cache has never seen, as a visitor meets it after a publication.
"""

import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from attractiveness.models import EcosystemPage, EventPage, NewsPage  # noqa: E402
from territories.selectors import territory_for_hostname  # noqa: E402


def count(client: Client, host: str, language: str) -> dict:
    nonce = uuid.uuid4().hex[:8]
    client.get(f"/{language}/?bench-warm={nonce}", HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/?bench-count={nonce}", HTTP_HOST=host)
    if response.status_code != 200 or response.get("X-Page-Cache") != "miss":
        raise SystemExit(
            f"{host}/{language}/: {response.status_code} {response.get('X-Page-Cache')}"
        )
    return {"queries": len(queries), "sql": [query["sql"][:160] for query in queries]}


def main(hosts: list[str]) -> None:
    client = Client()
    result = {}
    for host in hosts:
        territory = territory_for_hostname(host)
        root = territory.site.root_page
        pages = sum(
            model.objects.descendant_of(root).count()
            for model in (EcosystemPage, NewsPage, EventPage)
        )
        result[host] = {
            "pages_per_language": pages,
            **{language: count(client, host, language) for language in territory.languages},
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
