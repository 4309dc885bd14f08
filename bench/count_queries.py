"""SQL queries of one uncached home page, counted in-process against the bench database.

Run by bench/run.py with the bench environment; prints one JSON object. Each host is warmed
first (host lookup, menus, renditions, the home page's blocks), then its home page is
requested with a query string the page cache has never seen: the steady-state miss. Then
two cold renders, each ``COLD_RUNS`` times (queries of the last, median milliseconds):

- after a publication: the host purged as a publication purges it (``purge_host``: its
  pages and what is cached with them, the chrome — menu, footer, settings — and the home
  page's blocks included);
- fully cold: every cache emptied (the territory by host, Wagtail's site root paths,
  renditions), as after a deployment or a Redis flush.
"""

import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from attractiveness.models import EcosystemPage, EventPage, NewsPage  # noqa: E402
from core.page_cache import purge_host  # noqa: E402
from territories.selectors import territory_for_hostname  # noqa: E402

COLD_RUNS = 5


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


def _clear_every_cache() -> None:
    for alias in caches:
        caches[alias].clear()


def cold(client: Client, host: str, language: str, empty) -> dict:
    """The home page after ``empty()``: median time of COLD_RUNS, queries of the last."""
    samples = []
    for _ in range(COLD_RUNS):
        empty()
        nonce = uuid.uuid4().hex[:8]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(f"/{language}/?bench-cold={nonce}", HTTP_HOST=host)
            samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{host}/{language}/ cold: {response.status_code}")
    return {"queries": len(queries), "ms": round(statistics.median(samples), 1), "runs": COLD_RUNS}


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
        language = territory.languages[0]
        result[host]["cold"] = {
            "language": language,
            "after_publication": cold(client, host, language, lambda h=host: purge_host(h)),
            "fully_cold": cold(client, host, language, _clear_every_cache),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
