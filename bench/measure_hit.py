"""A page-cache hit against a static file, in-process: the WSGI application called directly.

    .venv/bin/python bench/measure_hit.py --setup    # once: bench/measure_rss.py's set-up
    .venv/bin/python bench/measure_hit.py            # N=20000 calls each, BENCH_HIT_CALLS
    .venv/bin/python bench/measure_hit.py --profile  # and cProfile's top of one hit run

Runs on bench/run.py's environment (``bench_env``: config.settings.production, its database,
REDIS_URL's Redis when set, else local memory) against bench/run.py's data and collected
static files (``--setup``, ``make bench`` or bench/measure_rss.py --setup made them).
``config.wsgi``'s application, production's middleware stack, is called with a WSGI environ
for the home page of bench-1.localhost, once to fill the cache, then N times (each response
sent and closed as gunicorn does, to /dev/null: ``call``), and the same for the static file
through WhiteNoise. CPU time is ``time.process_time``; no gunicorn, no wrk: the worker's own
cost of each. Prints one JSON object: microseconds per call of each and the hit's share of
the static file's pace (static µs / hit µs, the ratio wrk's requests/s would show on a
CPU-bound worker).
"""

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gunicorn.http.wsgi import FileWrapper

from bench.run import HOME, HOST, bench_env, static_path

CALLS = int(os.environ.get("BENCH_HIT_CALLS", "20000"))


def environ(path: str) -> dict:
    """What gunicorn hands the application for ``GET path`` from wrk (its headers)."""
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": HOST,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.file_wrapper": FileWrapper,
    }


DEVNULL = os.open(os.devnull, os.O_WRONLY)


def call(application, path: str) -> tuple[str, dict, int]:
    """One request as a gunicorn sync worker serves it, the socket being /dev/null: a file
    (WhiteNoise's, through ``wsgi.file_wrapper``) is sent with sendfile(), anything else
    written chunk by chunk."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    result = application(environ(path), start_response)
    if isinstance(result, FileWrapper):
        size = os.sendfile(DEVNULL, result.filelike.fileno(), 0, 1 << 30)
    else:
        size = sum(os.write(DEVNULL, chunk) for chunk in result)
    if hasattr(result, "close"):
        result.close()
    return answer["status"], answer["headers"], size


def per_call_us(application, path: str, calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        call(application, path)
    return (time.process_time() - started) * 1e6 / calls


def main() -> None:
    if "--setup" in sys.argv:
        from bench.measure_rss import setup

        setup(bench_env())
    os.environ.update(bench_env())
    from config.wsgi import application

    static = static_path()
    status, headers, static_size = call(application, static)
    if not status.startswith("200") or not static_size:
        raise RuntimeError(f"{static}: {status}, {static_size} bytes")
    call(application, HOME)
    status, headers, size = call(application, HOME)
    if not status.startswith("200") or headers.get("X-Page-Cache") != "hit":
        raise RuntimeError(f"{HOME} is not a page-cache hit: {status} {headers}")
    per_call_us(application, HOME, 500), per_call_us(application, static, 500)  # warm
    figures = {"calls": CALLS, "page_bytes": size, "static_bytes": static_size}
    # Interleaved, twice: a neighbour's burst on the shared cores lands on both.
    for round_ in (1, 2):
        figures[f"static_us_{round_}"] = per_call_us(application, static, CALLS)
        figures[f"hit_us_{round_}"] = per_call_us(application, HOME, CALLS)
    figures["static_us"] = min(figures["static_us_1"], figures["static_us_2"])
    figures["hit_us"] = min(figures["hit_us_1"], figures["hit_us_2"])
    figures["hit_share_of_static"] = figures["static_us"] / figures["hit_us"]
    figures["hit_headers"] = sorted(headers)
    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(CALLS // 4):
            call(application, HOME)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
