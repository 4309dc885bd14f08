"""Worker memory alone, without the rest of `make bench`: ours and a stock Wagtail site's.

    DATABASE_URL=postgres://…/x BENCH_DATABASE=mine .venv/bin/python bench/measure_rss.py --setup
    DATABASE_URL=postgres://…/x BENCH_DATABASE=mine .venv/bin/python bench/measure_rss.py
    … .venv/bin/python bench/measure_rss.py --cold-renditions   # the same environment

``--setup`` first migrates and fills the bench database (bench/run.py's data: BENCH_TERRITORIES
territories, BENCH_PAGES pages of each kind) and collects the static files. ``--cold-renditions``
deletes the images' renditions (rows and files) first, as a fresh ``--setup`` (or `make
bench` on a new database) leaves them: the workers then generate them at their first
requests, and the one that does keeps what the allocator took for Pillow's buffers
(docs/performance.md, "Worker memory"). Then gunicorn as
bench/run.py starts it (2 sync workers, config.settings.production, the same environment),
``REQUESTS`` requests to the home page of bench-1.localhost, half from the page cache and half
real misses (the mix bench/run.py's wrk runs leave the workers in), and the workers' memory;
then, when REDIS_URL is set, an idle Celery worker's (bench/run.py's ``start_celery``); then
bench/stock_wagtail.py's: the plain stock site (the issue's yardstick) and, when REDIS_URL is
set, the same site on the design card's stack (``--stack``: allauth, Celery, django-redis).
Prints one JSON object.

Memory is read from /proc/<pid>/smaps_rollup: RSS (what bench/run.py judges, VmRSS), PSS
(shared pages divided among the processes sharing them) and USS (private pages: what one more
worker costs). Without gunicorn's --preload, a worker imports the app after the fork, so its
RSS and USS are close; a stock site's worker is measured the same way.
"""

import json
import os
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stock_wagtail
from bench.run import (
    HOME,
    PAGES,
    ROOT,
    TERRITORIES,
    VAR,
    bench_env,
    children,
    ensure_postgres_database,
    free_port,
    get,
    manage,
    memory_mb,
    start_celery,
    start_gunicorn,
    stop,
    wait_until_up,
)

REQUESTS = 400
# Wagtail deletes a rendition's file with its row (on commit).
COLD_RENDITIONS = (
    "from wagtail.images import get_image_model; "
    "get_image_model().get_rendition_model().objects.all().delete()"
)


def setup(env: dict) -> None:
    setup_env = bench_env(with_redis=False)
    manage(setup_env, "migrate", "--no-input")
    generate = (
        "from bench.generate_data import generate; "
        f"generate(territories={TERRITORIES}, pages={PAGES})"
    )
    manage(setup_env, "shell", "--no-imports", "-c", generate)
    manage(env, "collectstatic", "--no-input", "-v0")


def ours(env: dict) -> dict:
    port = free_port()
    gunicorn = celery = None
    result = {}
    try:
        gunicorn = start_gunicorn(env, port)
        wait_until_up(port, gunicorn)
        tag = secrets.token_hex(4)
        statuses = set()
        for n in range(REQUESTS):
            path = HOME if n % 2 else f"{HOME}?bench-miss={tag}-{n}"
            statuses.add(get(port, path)[0])
        result["gunicorn"] = {pid: memory_mb(pid) for pid in children(gunicorn.pid)}
        result["gunicorn_master"] = memory_mb(gunicorn.pid)
        result["statuses"] = sorted(statuses)
        if env.get("REDIS_URL"):
            celery, pids = start_celery(env)
            result["celery"] = {pid: memory_mb(pid) for pid in pids}
    finally:
        stop(gunicorn, "gunicorn")
        stop(celery, "celery")
    return result


def main() -> dict:
    VAR.mkdir(parents=True, exist_ok=True)
    env = bench_env()
    if not env["DATABASE_URL"].startswith("sqlite"):
        ensure_postgres_database(env["DATABASE_URL"])
    if "--setup" in sys.argv:
        setup(env)
    if "--cold-renditions" in sys.argv:
        manage(env, "shell", "-c", COLD_RENDITIONS)
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    result = ours(env)
    result["stock"] = stock_wagtail.measure()
    if env.get("REDIS_URL"):
        result["stock_stack"] = stock_wagtail.measure(stack=True)
    result["load"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return result


if __name__ == "__main__":
    os.chdir(ROOT)
    print(json.dumps(main()))
