"""CPU time of one uncached home page, in-process: the page's own cost, without gunicorn.

    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=… REDIS_URL=… \
        .venv/bin/python bench/measure_home_cpu.py --host bench-1.localhost --runs 300

Against a database made by bench/generate_data.py (``generate``). The whole WSGI handler
runs (every middleware, the page cache included) through ``django.test.Client``; each
request carries a query string the page cache has never seen, so each is a miss, as in
bench/run.py's uncached run. After ``--warm`` such requests (the steady state: host lookup,
chrome and renditions cached), ``--runs`` requests are timed with ``time.process_time``
(this process's CPU). On PostgreSQL on this machine, the CPU of the connection's server
process over the same requests is given too (``db_cpu_ms_per_request``, from /proc; Redis's
own CPU is not counted: other clients share its process). ``--cold``
purges the host before each timed request, as a publication does. ``--profile N`` writes
a cProfile of N more requests to ``var/bench/home.prof`` and prints its top functions.
Prints one JSON object.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.page_cache import purge_host  # noqa: E402


def _get(client: Client, host: str, path: str):
    response = client.get(f"{path}?bench-cpu={uuid.uuid4().hex[:12]}", HTTP_HOST=host)
    if response.status_code != 200 or response.get("X-Page-Cache") != "miss":
        raise SystemExit(f"{host}{path}: {response.status_code} {response.get('X-Page-Cache')}")
    return response


def _backend_cpu_ms() -> float | None:
    """CPU time so far of this connection's PostgreSQL server process (same machine), or
    None (SQLite, another machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="bench-1.localhost")
    parser.add_argument("--path", default="/fr/")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()

    client = Client()
    for _ in range(args.warm):
        _get(client, args.host, args.path)
    samples = []
    backend_before = _backend_cpu_ms()
    for _ in range(args.runs):
        if args.cold:
            purge_host(args.host)
        started = time.process_time()
        _get(client, args.host, args.path)
        samples.append((time.process_time() - started) * 1000)
    backend_after = _backend_cpu_ms()
    if args.cold:
        purge_host(args.host)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, args.host, args.path)
    samples.sort()
    result = {
        "host": args.host,
        "path": args.path,
        "cold": args.cold,
        "runs": args.runs,
        "cpu_ms_median": round(statistics.median(samples), 2),
        "cpu_ms_p10": round(samples[len(samples) // 10], 2),
        "cpu_ms_p90": round(samples[len(samples) * 9 // 10], 2),
        "db_cpu_ms_per_request": (
            None
            if backend_before is None
            else round((backend_after - backend_before) / args.runs, 3)
        ),
        "queries": len(queries),
        "bytes": len(response.content),
        "loadavg": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
    if args.profile:
        profile = cProfile.Profile(time.process_time)
        for _ in range(args.profile):
            if args.cold:
                purge_host(args.host)
            profile.enable()
            _get(client, args.host, args.path)
            profile.disable()
        out = ROOT / "var" / "bench" / "home.prof"
        out.parent.mkdir(parents=True, exist_ok=True)
        profile.dump_stats(out)
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
