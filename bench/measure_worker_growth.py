"""Does a worker's memory grow with the uncached pages it serves? Production settings.

    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=… REDIS_URL=… \
        .venv/bin/python bench/measure_worker_growth.py --requests 20000 --every 1000
    DATABASE_URL=… BENCH_DATABASE=… REDIS_URL=… \
        .venv/bin/python bench/measure_worker_growth.py --gunicorn --requests 20000
    … --requests 3000 --tracemalloc          # where the Python allocations made after the
                                             # warm-up went, by traceback

Against a database made by bench/generate_data.py (``generate``), as bench/measure_home_cpu.py.
The WSGI application of ``config.wsgi`` (what a gunicorn worker imports) is called directly
with a plain WSGI environ, one request after the other, each a page-cache miss (a one-off
query string, as bench/run.py's uncached run). ``--hostile`` follows each one with two
requests a hostile client would vary: one under a Host header never sent before
(``h<n>.localhost``: ALLOWED_HOSTS accepts it, no territory has it), one on the real host
for a path and an Accept-Language never sent before (a 404 through Wagtail's routing and
the redirects middleware), to show whether anything keyed by them stays in the process.

``--gunicorn`` runs the same misses through gunicorn as bench/run.py starts it (2 sync
workers, its environment: BENCH_DATABASE, the cache under the prefix ``bench``), from
``--clients`` (4) threads so that both workers are busy, and reads each worker's RSS and USS
from ``/proc/<pid>/smaps_rollup`` at each checkpoint instead; a gunicorn server hook
(``post_request``) makes each worker print, every ``--every`` requests it served, how many
objects its garbage collector tracks. ``--wrk N`` then runs N rounds of bench/run.py's
mix, wrk at 16 connections for 15 s on the page from the page cache and 15 s uncached,
and reads the workers after each.

In-process, every ``--every`` requests it prints RSS (``/proc/self/statm``), Python's
small-object allocator's arenas and the live blocks in them, the bytes tracemalloc has
traced (with ``--tracemalloc``) and the size of the process-wide structures a
request can add to: the page cache's in-process copies, the accepted Host headers
(core.hosts), the renditions cache, the image filters, the compiled templates. With
``--tracemalloc`` (started after the warm-up) it also prints the allocations still alive at
the end by traceback, largest first: all those made since the warm-up, and those of the
second half of the run. At the end it reads RSS again after glibc's ``malloc_trim(0)``
(what the C allocator kept of freed memory). Prints one JSON object last.
"""

import argparse
import ctypes
import gc
import io
import json
import os
import re
import resource
import sys
import tempfile
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

PAGE = resource.getpagesize()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def environ(host: str, path: str, query: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, env: dict) -> tuple[str, dict]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = application(env, start_response)
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer["status"], answer["headers"]


def pymalloc() -> dict:
    """Python's small-object allocator (``sys._debugmallocstats``, written to fd 2): MB in
    its arenas, and MB of those in live blocks; the rest is free space it keeps."""
    with tempfile.TemporaryFile(mode="w+") as out:
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read()

    def number(label: str) -> int:
        return int(re.search(rf"# {label}\s*=\s*([\d,]+)", text)[1].replace(",", ""))

    arena = int(re.search(r"arenas \* (\d+) bytes/arena", text)[1])
    return {
        "pymalloc_arenas_mb": round(number("arenas allocated current") * arena / 2**20, 1),
        "pymalloc_live_mb": round(number("bytes in allocated blocks") / 2**20, 1),
    }


def structures() -> dict:
    """The sizes of what lives as long as the process and a request may add to."""
    from django.core.cache import caches
    from django.template import engines

    from core import hosts, page_cache
    from core.image_filters import filter_for_spec

    loaders = []
    for engine in engines.all():
        for loader in getattr(engine, "engine", engine).template_loaders:
            loaders.append(len(getattr(loader, "get_template_cache", {})))
    return {
        "page_cache_local": len(page_cache._local),
        "accepted_hosts": len(hosts._accepted),
        "renditions_cache": len(getattr(caches["renditions"], "_cache", {})),
        "filters": filter_for_spec.cache_info().currsize,
        "compiled_templates": sum(loaders),
        "gc_objects": len(gc.get_objects()),
    }


def grown(last, first, top: int) -> dict:
    """The live Python allocations added between two snapshots (``first`` None: since
    tracing started), by traceback, largest first."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    last = last.filter_traces(ignore)
    if first is None:
        stats = last.statistics("traceback")
        sizes = [(stat.size, stat.count, stat.traceback) for stat in stats]
    else:
        stats = last.compare_to(first.filter_traces(ignore), "traceback")
        sizes = [(stat.size_diff, stat.count_diff, stat.traceback) for stat in stats]
    sizes.sort(key=lambda item: -item[0])
    return {
        "total_kib": round(sum(size for size, _count, _tb in sizes) / 1024, 1),
        "top": [
            {
                "kib": round(size / 1024, 1),
                "blocks": count,
                "traceback": [
                    f"{frame.filename.replace(str(ROOT) + '/', '')}:{frame.lineno}"
                    for frame in traceback[-6:]
                ],
            }
            for size, count, traceback in sizes[:top]
        ],
    }


WRK_SECONDS = 15
HOOK = """
import gc, json, sys

served = 0


def post_request(worker, req, environ, resp):
    global served
    served += 1
    if served % {every} == 0:
        gc.collect()
        line = {{"pid": worker.pid, "served": served, "gc_objects": len(gc.get_objects())}}
        print(json.dumps(line), file=sys.stderr, flush=True)
"""


def through_gunicorn(args) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    from bench.run import (
        VAR,
        bench_env,
        children,
        free_port,
        get,
        memory_mb,
        miss_script,
        start_gunicorn,
        stop,
        wait_until_up,
        wrk,
    )

    env = bench_env()
    port = free_port()
    gunicorn = None
    checkpoints = []

    def one(_n: int) -> int:
        status, headers, _body = get(port, f"{args.path}?bench-rss={uuid.uuid4().hex[:12]}")
        if status != 200 or headers.get("X-Page-Cache") != "miss":
            raise RuntimeError(f"{args.path}: {status} {headers.get('X-Page-Cache')}")
        return status

    # A server hook run in each worker: its own count of requests and, every ``--every``,
    # of the objects the garbage collector tracks, printed to the log.
    hook = VAR / "growth_hook.py"
    hook.write_text(HOOK.format(every=args.every))
    log = VAR / "gunicorn-growth.log"
    try:
        gunicorn = start_gunicorn(env, port, log_name=log.name, extra=("--config", str(hook)))
        wait_until_up(port, gunicorn)
        workers = children(gunicorn.pid)
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(one, range(args.warm)))
            served = 0
            while True:
                point = {"requests": served, **{pid: memory_mb(pid) for pid in workers}}
                checkpoints.append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)
                if served >= args.requests:
                    break
                list(pool.map(one, range(args.every)))
                served += args.every
        # Then bench/run.py's mix: wrk at 16 connections, the page from the page cache,
        # then uncached, each phase followed by a reading.
        for number in range(1, args.wrk + 1):
            for phase, script in (("hits", None), ("misses", miss_script(f"growth-{number}"))):
                ran = wrk(port, args.path, WRK_SECONDS, script=script)
                point = {"wrk": f"{phase} {number}", "wrk_requests": ran["requests"]}
                point.update({pid: memory_mb(pid) for pid in workers})
                checkpoints.append(point)
                print(json.dumps(point), file=sys.stderr, flush=True)
    finally:
        stop(gunicorn, "gunicorn")
    counted = [json.loads(line) for line in log.read_text().splitlines() if '"gc_objects"' in line]
    return {"gunicorn_workers": workers, "checkpoints": checkpoints, "worker_objects": counted}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="bench-1.localhost")
    parser.add_argument("--path", default="/fr/")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--every", type=int, default=1000)
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--frames", type=int, default=8, help="traceback depth traced")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--gunicorn", action="store_true")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--wrk", type=int, default=0, help="rounds of wrk hits and misses after")
    args = parser.parse_args()
    if args.gunicorn:
        result = {"path": args.path, "requests": args.requests, "warm": args.warm}
        result.update(through_gunicorn(args))
        result["loadavg"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(json.dumps(result))
        return

    from config.wsgi import application

    def one(n: int) -> None:
        query = f"bench-rss={uuid.uuid4().hex[:12]}"
        status, headers = call(application, environ(args.host, args.path, query))
        if not status.startswith("200") or headers.get("X-Page-Cache") != "miss":
            raise SystemExit(f"{args.host}{args.path}: {status} {headers.get('X-Page-Cache')}")
        if args.hostile:
            call(application, environ(f"h{n}.localhost", args.path, query))
            lost = environ(args.host, f"{args.path}x-{n}/", "")
            lost["HTTP_ACCEPT_LANGUAGE"] = f"x{n}-{n % 97},en;q=0.{n % 9}"
            call(application, lost)

    for n in range(args.warm):
        one(n)
    gc.collect()
    if args.tracemalloc:  # from here on: what the requests after the warm-up allocate
        tracemalloc.start(args.frames)
    snapshots = {}
    checkpoints = []

    def checkpoint(served: int) -> None:
        gc.collect()
        point = {"requests": served, "rss_mb": round(rss_mb(), 1), **pymalloc(), **structures()}
        if args.tracemalloc:
            point["traced_mb"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 2)
        checkpoints.append(point)
        print(json.dumps(point), file=sys.stderr, flush=True)

    checkpoint(0)
    for n in range(1, args.requests + 1):
        one(args.warm + n)
        if n % args.every == 0:
            checkpoint(n)
        if args.tracemalloc and n == args.requests // 2:
            gc.collect()
            snapshots["half"] = tracemalloc.take_snapshot()

    # What the C allocator (glibc) holds freed but not returned to the system.
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    result = {
        "rss_mb_after_malloc_trim": round(rss_mb(), 1),
        "host": args.host,
        "path": args.path,
        "requests": args.requests,
        "warm": args.warm,
        "hostile": args.hostile,
        "checkpoints": checkpoints,
        "loadavg": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
    if args.tracemalloc:
        gc.collect()
        last = tracemalloc.take_snapshot()
        result["since_warm_up"] = grown(last, None, args.top)
        result["second_half"] = grown(last, snapshots["half"], args.top)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
