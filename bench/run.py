"""`make bench`: serve the app as in production and measure it, in one run.

1. A dedicated database: PostgreSQL when DATABASE_URL is set (same server, database
   ``bench``, created if missing; BENCH_DATABASE overrides the name), else var/bench/db.sqlite3.
   The cache is REDIS_URL's Redis under the key prefix ``bench`` when set, else each gunicorn
   worker's local memory.
2. migrate, bench/generate_data.py's ``generate`` (BENCH_TERRITORIES territories,
   BENCH_PAGES pages of each kind, through ``manage.py shell``), collectstatic.
3. gunicorn, 2 sync workers, config.settings.production, on 127.0.0.1 and a free port.
4. wrk (1 thread, 16 connections, 5 s warm-up, 15 s measured) on: a static file through
   WhiteNoise (the ceiling), the home page of bench-1.localhost from the page cache, and the
   same page uncached (a query string the cache has never seen: a real miss, full render),
   in ROUNDS (2) interleaved rounds (static, cached, uncached, static, …), each judged as a
   share of the static file's requests/s in its own round, the worse round counting. Each
   round starts once the 1-minute load average has fallen to MAX_LOAD (1.5; the bench's own
   last round weighs on it for a minute); a round that starts above it, or during which
   other processes take more than MAX_OTHERS (5 %) of the machine (/proc: all the busy time
   less the bench's own processes'), judges no target "met" (the figures are reported, not
   judged). Workers' CPU time per request from
   /proc, RSS of the workers (and of a Celery worker when REDIS_URL is set) against a stock
   Wagtail site's (bench/stock_wagtail.py; the target) and, when REDIS_URL is set, against
   the same site on the design card's stack (``--stack``: allauth, Celery, django-redis;
   reported next to it, not a target), SQL queries per uncached home page, steady and
   cold after a publication and fully cold (bench/count_queries.py), and on PostgreSQL the
   rows read per request of the home page and the news index (bench/listing_rows.py).
5. Offers (BENCH_OFFERS, default 100,000 over BENCH_OFFERS_TERRITORIES=10; 0 skips them):
   bench/offers.py's ``generate_offers`` before gunicorn starts; through gunicorn, the
   search on /fr/immobilier/ uncached (query strings never seen, eight searches in turn) at
   16 connections and at one, and its map data (geojson/, gzip); then, in-process,
   bench/measure_offers.py (p50/p95/p99 of ``offer_search``, the map data's size, EXPLAIN
   ANALYZE). Each size gets its own section; a run at another size keeps the others'.
6. docs/performance.md is rewritten below its hand-written introduction.

Everything started here is stopped at the end, even on error. Only 127.0.0.1 is contacted.
"""

import datetime as dt
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
MARKER = "<!-- Everything below is written by bench/run.py: do not edit by hand. -->"

TERRITORIES = int(os.environ.get("BENCH_TERRITORIES", "3"))
PAGES = int(os.environ.get("BENCH_PAGES", "30"))
# Offers (bench/offers.py): that many over that many territories; 0 leaves them out.
OFFERS = int(os.environ.get("BENCH_OFFERS", "100000"))
OFFER_TERRITORIES = int(os.environ.get("BENCH_OFFERS_TERRITORIES", "10"))
OFFERS_PATH = "/fr/immobilier/"
OFFER_TARGETS = {"search_p95_ms": 50.0, "geojson_p95_ms": 200.0, "geojson_bytes": 1_000_000}
OFFERS_MARKER = "<!-- offers run: {} -->"
OFFERS_END = "<!-- end of offers run -->"
HOST = "bench-1.localhost"
HOME = "/fr/"
WARMUP_S = int(os.environ.get("BENCH_WARMUP", "5"))
DURATION_S = int(os.environ.get("BENCH_DURATION", "15"))  # shorter only to try the harness
CONNECTIONS = 16
ROUNDS = 2
MAX_LOAD = 1.5  # above it (1-minute load average before a round), nothing is judged
# Above it (the share of the machine's CPU that processes other than the bench's used during
# a measured run), nothing is judged either: the neighbours were measured too.
MAX_OTHERS = 0.05
SERIAL_S = 10
WORKERS = 2
# Ratios measured in the same round (the "Speed"): uncached and cached home page
# requests/s as shares of the static file's; worker RSS against a stock Wagtail site's.
TARGETS = {
    "uncached_ratio": 0.05,
    "cached_ratio": 0.9,
    # The uncached home's SQL budget: the suite's (tests/attractiveness/test_queries.py,
    # BUDGET): none, the page routed from the host's chrome, its blocks from the host's cache.
    "queries": 0,
    "cpu_ms": 20.0,
    "rss_vs_stock": 1.10,
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- Environment ------------------------------------------------------------------------


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        parts = urllib.parse.urlsplit(url)
        name = os.environ.get("BENCH_DATABASE", "bench")
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    return f"sqlite:///{VAR / 'db.sqlite3'}"


def postgres_beside(url: str, suffix: str) -> dict:
    """Django's DATABASES entry for the PostgreSQL database ``<url's name><suffix>`` on
    ``url``'s server, created if missing (the stock sites' databases)."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    ensure_postgres_database(urllib.parse.urlunsplit(parts._replace(path=f"/{name}")))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": urllib.parse.unquote(parts.username or ""),
        "PASSWORD": urllib.parse.unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


def ensure_postgres_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_env(*, with_redis: bool = True) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS=".localhost,127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_MEDIA_ROOT=str(VAR / "media"),
        DJANGO_CACHE_PREFIX="bench",
        DATABASE_URL=bench_database_url(),
        # Long enough to keep the cached page through its run, short enough to let the
        # thousands of one-off entries of the uncached run expire soon.
        TERRITORIA_PAGE_CACHE_TIMEOUT="120",
        PYTHONUNBUFFERED="1",
    )
    if not with_redis:
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        env.pop("REDIS_CACHE_URL", None)
        # Set-up commands (migrate, generate_data) run production's system checks, which
        # refuse the page cache on local memory (territoria.E001); they serve no pages.
        env["TERRITORIA_PAGE_CACHE"] = "false"
    return env


def manage(env: dict, *args: str, timeout: int = 900) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def script(env: dict, name: str, *args: str, timeout: int = 1800) -> dict:
    """Run bench/<name> with the bench environment; the JSON object its last line prints."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / name), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def own_database_url(env: dict, name: str) -> str:
    """A bench part's own database: PostgreSQL ``bench_<name>`` on DATABASE_URL's server
    (BENCH_<NAME>_DATABASE overrides), else var/bench/<name>.sqlite3."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        VAR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{VAR / f'{name}.sqlite3'}"
    parts = urllib.parse.urlsplit(url)
    database = os.environ.get(f"BENCH_{name.upper()}_DATABASE", f"bench_{name}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def own_database(name: str) -> dict:
    """The environment of a bench part with its own database (``own_database_url``),
    created if missing and migrated; no Redis (the set-up and in-process measures need none)."""
    env = bench_env(with_redis=False)
    env["DATABASE_URL"] = own_database_url(env, name)
    if not env["DATABASE_URL"].startswith("sqlite"):
        ensure_postgres_database(env["DATABASE_URL"])
    log("migrate")
    manage(env, "migrate", "--no-input")
    return env


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Processes ----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


PARTS = ("gunicorn", "celery", "postgres", "redis", "bench")


def machine_cpu(database: str = "") -> dict:
    """CPU seconds so far of each process that is part of a bench, by pid (gunicorn, Celery,
    PostgreSQL's backends, and with ``database`` only that database's, Redis, this bench),
    plus this bench's finished children (wrk, manage.py) and the whole machine's busy time
    ("machine", /proc/stat: every core, idle and iowait excepted)."""
    processes = {}
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, tail = (entry / "stat").read_text().rsplit(")", 1)
            cmdline = (entry / "cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields, comm = tail.split(), head.split("(", 1)[1]
        if int(entry.name) == me:
            part = "bench"
        elif b"gunicorn" in cmdline:
            part = "gunicorn"
        elif b"celery" in cmdline:
            part = "celery"
        elif comm.startswith("postgres"):
            if database and f" {database} ".encode() not in cmdline:
                continue  # another database's backend, or the server's own processes
            part = "postgres"
        elif comm.startswith("redis"):
            part = "redis"
        else:
            continue
        processes[int(entry.name)] = (part, (int(fields[11]) + int(fields[12])) / CLOCK_TICKS)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return {
        "processes": processes,
        "children": children.ru_utime + children.ru_stime,
        "machine": (sum(ticks[:8]) - ticks[3] - ticks[4]) / CLOCK_TICKS,
        "at": time.monotonic(),
    }


def cpu_used(before: dict, after: dict) -> dict:
    """CPU seconds between two ``machine_cpu()`` readings, by part; "others" is what the
    rest of the machine used (the neighbours), "seconds" the time elapsed. A process that
    started in between counts from zero; one that ended in between is not counted, except
    this bench's children."""
    used = dict.fromkeys(PARTS, 0.0)
    for pid, (part, seconds) in after["processes"].items():
        earlier = before["processes"].get(pid)
        used[part] += seconds - (earlier[1] if earlier and earlier[0] == part else 0.0)
    used["bench"] += after["children"] - before["children"]
    used["machine"] = after["machine"] - before["machine"]
    used["others"] = max(used["machine"] - sum(used[part] for part in PARTS), 0.0)
    used["seconds"] = after["at"] - before["at"]
    return used


def others_share(used: dict) -> float:
    """The neighbours' share of the machine over a ``cpu_used`` interval (0 to 1)."""
    return used["others"] / max(used["seconds"] * (os.cpu_count() or 1), 1e-9)


def settle(limit: float, wait: float = 150.0) -> float:
    """Wait (at most ``wait`` seconds) for the 1-minute load average to fall to ``limit``:
    the bench's own last run (its wrk and workers saturate the cores) weighs on it for a
    minute or more. Returns the load average then."""
    deadline = time.monotonic() + wait
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory_mb(pid: int) -> dict:
    """RSS, PSS (shared pages divided among their sharers) and USS (private pages: what one
    more such process costs) of one process, in MB, from /proc/<pid>/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return {
        "rss": round(fields["Rss"] / 1024, 1),
        "pss": round(fields["Pss"] / 1024, 1),
        "uss": round(private / 1024, 1),
    }


def stop(process: subprocess.Popen | None, name: str) -> None:
    """Stop one process we started, and its process group (gunicorn's or Celery's workers)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    log(f"{name} stopped")


def get(port: int, path: str, host: str = HOST) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up(port: int, process: subprocess.Popen, deadline_s: int = 60) -> None:
    for _ in range(deadline_s * 4):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up: see var/bench/gunicorn.log")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer /healthz within {deadline_s} s")


# --- wrk ----------------------------------------------------------------------------------


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNIT_MS[unit]


def wrk(
    port: int,
    path: str,
    seconds: int,
    script: Path | None = None,
    connections: int = CONNECTIONS,
    headers: tuple[str, ...] = (),
) -> dict:
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"Host: {HOST}",
    ]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p90_ms": _ms(re.search(r"\s90%\s+(\S+)", output).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
        "command": " ".join(f"'{part}'" if " " in part else part for part in command[:-1])
        + f" http://127.0.0.1:PORT{path}",
    }


def miss_script(tag: str, queries: list[str] | None = None, path: str = HOME) -> Path:
    """A wrk script asking for ``path`` with a new query string each time: a miss. With
    ``queries``, each request takes the next of them (round robin) plus the one-off part."""
    script = VAR / f"miss-{tag}.lua"
    listed = ", ".join(json.dumps(query + "&" if query else "") for query in queries or [""])
    script.write_text(
        f"local queries = {{{listed}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  local query = queries[(n % #queries) + 1]\n"
        f'  return wrk.format("GET", "{path}?" .. query .. "bench-miss={tag}-" .. n)\n'
        "end\n"
    )
    return script


def measure(
    port: int,
    workers: list[int],
    name: str,
    path: str,
    miss: bool = False,
    connections: int = CONNECTIONS,
    seconds: tuple[int, int] = (WARMUP_S, DURATION_S),
    queries: list[str] | None = None,
    headers: tuple[str, ...] = (),
) -> dict:
    tag = secrets.token_hex(4)
    log(f"{name}: {seconds[0]} s warm-up, then {seconds[1]} s, {connections} connection(s)")

    def script(prefix):
        return miss_script(prefix, queries, path) if miss else None

    wrk(port, path, seconds[0], script(f"w{tag}"), connections, headers)
    database = urllib.parse.urlsplit(bench_database_url()).path.lstrip("/")
    parts = machine_cpu(database)
    before = cpu_seconds(workers)
    result = wrk(port, path, seconds[1], script(tag), connections, headers)
    cpu = cpu_seconds(workers) - before
    result["cpu_ms"] = cpu * 1000 / max(result["requests"], 1)
    result["others_share"] = round(others_share(cpu_used(parts, machine_cpu(database))), 4)
    if result["errors"] or result["socket_errors"]:
        log(f"  {name}: {result['errors']} non-2xx, socket errors: {result['socket_errors']}")
    log(
        f"  {result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, {result['cpu_ms']:.2f} ms CPU/request, "
        f"others {result['others_share']:.1%} of the machine"
    )
    return result


# --- The run ------------------------------------------------------------------------------


def static_path() -> str:
    manifest = json.loads((ROOT / "var" / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/main.css"]


def check_pages(port: int, static: str) -> dict:
    """Refuse to measure anything but what each scenario claims to be."""
    status, _headers, body = get(port, static)
    if status != 200:
        raise RuntimeError(f"static file {static}: {status}")
    for _ in range(10):  # each worker has its own cache when there is no Redis
        status, headers, cached = get(port, HOME)
        if headers.get("X-Page-Cache") == "hit":
            break
    if status != 200 or headers.get("X-Page-Cache") != "hit":
        raise RuntimeError(f"{HOME} is not served from the page cache: {status} {headers}")
    status, headers, fresh = get(port, f"{HOME}?bench-check={secrets.token_hex(4)}")
    if status != 200 or headers.get("X-Page-Cache") != "miss":
        raise RuntimeError(f"{HOME}?… is not a page-cache miss: {status} {headers}")
    return {"static_bytes": len(body), "page_bytes": len(cached), "miss_bytes": len(fresh)}


OFFER_QUERIES = [
    "",
    "type=office",
    "type=warehouse&transaction=rent&surface_min=1000&surface_max=6000",
    "feature=fibre&feature=parking",
    "transaction=sale&price_max=400000",
    "rent_max=120&available=3m",
    "type=premises&sort=-surface",
    "sort=rent&page=20",
]


def measure_offers_http(port: int, workers: list[int]) -> dict:
    """The offer search and its map data through gunicorn: page-cache misses only (each
    request a query string never seen), the search's filters taken in turn."""
    status, headers, _body = get(port, f"{OFFERS_PATH}?bench-check={secrets.token_hex(4)}")
    if status != 200 or headers.get("X-Page-Cache") != "miss":
        raise RuntimeError(f"{OFFERS_PATH}?… is not a page-cache miss: {status} {headers}")
    geojson = OFFERS_PATH + "geojson/"
    status, headers, body = get(port, geojson)
    if status != 200:
        raise RuntimeError(f"{geojson}: {status}")
    return {
        "search": measure(
            port, workers, "offer search, uncached", OFFERS_PATH, miss=True, queries=OFFER_QUERIES
        ),
        "search_serial": measure(
            port,
            workers,
            "offer search, uncached, serial",
            OFFERS_PATH,
            miss=True,
            connections=1,
            seconds=(2, SERIAL_S),
            queries=OFFER_QUERIES,
        ),
        "geojson": measure(
            port,
            workers,
            "map data (geojson/), gzip",
            geojson,
            miss=True,
            connections=4,
            headers=("Accept-Encoding: gzip",),
        ),
        "geojson_bytes": len(body),
    }


def start_celery(env: dict) -> tuple[subprocess.Popen, list[int]]:
    """A Celery worker (one pool process) on the bench's broker."""
    logfile = open(VAR / "celery.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "-c",
            "1",
            "-l",
            "INFO",
            "-Q",
            "default,bulk,search",
            "-n",
            f"bench-{os.getpid()}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(240):
        if process.poll() is not None:
            raise RuntimeError("the Celery worker exited at start-up: see var/bench/celery.log")
        if " ready." in (VAR / "celery.log").read_text():
            time.sleep(2)
            return process, [process.pid, *children(process.pid)]
        time.sleep(0.25)
    raise RuntimeError("the Celery worker was not ready within 60 s")


def start_gunicorn(
    env: dict, port: int, log_name: str = "gunicorn.log", extra: tuple[str, ...] = ()
) -> subprocess.Popen:
    """The bench's gunicorn: WORKERS sync workers, config.wsgi, in its own process group;
    ``extra``: more command-line options."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            *("--workers", str(WORKERS), "--worker-class", "sync"),
            *("--bind", f"127.0.0.1:{port}", "--timeout", "60"),
            *("--log-level", "warning", "--worker-tmp-dir", "/dev/shm"),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=open(VAR / log_name, "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "load": load_average(),
    }


def run() -> dict:
    VAR.mkdir(parents=True, exist_ok=True)
    box = machine()  # the load average before this run adds its own
    env = bench_env()
    redis = bool(env.get("REDIS_URL"))
    database = env["DATABASE_URL"]
    if database.startswith("sqlite"):
        log(f"DATABASE_URL not set: SQLite at {VAR / 'db.sqlite3'}")
    else:
        ensure_postgres_database(database)
    log("cache: " + ("Redis (REDIS_URL), prefix bench" if redis else "local memory per worker"))
    # Data is generated with tasks inline (no REDIS_URL): nothing is left queued in Redis.
    setup_env = bench_env(with_redis=False)
    log("migrate")
    manage(setup_env, "migrate", "--no-input")
    log(f"bench.generate_data: {TERRITORIES} territories, {PAGES} pages of each kind")
    generate = (
        "from bench.generate_data import generate; "
        f"generate(territories={TERRITORIES}, pages={PAGES})"
    )
    sys.stdout.write(manage(setup_env, "shell", "--no-imports", "-c", generate))
    offers_setup = {}
    if OFFERS:
        log(f"bench.offers: {OFFERS} offers over {OFFER_TERRITORIES} territories")
        started = time.monotonic()
        generate = (
            "from bench.offers import generate_offers; "
            f"generate_offers(territories={OFFER_TERRITORIES}, offers={OFFERS})"
        )
        sys.stdout.write(manage(setup_env, "shell", "--no-imports", "-c", generate, timeout=7200))
        offers_setup = {"seconds": round(time.monotonic() - started, 1)}
    log("collectstatic")
    manage(env, "collectstatic", "--no-input", "-v0")
    clear_cache = "from django.core.cache import cache; cache.clear()"
    manage(env, "shell", "-c", clear_cache)

    port = free_port()
    gunicorn = celery = None
    try:
        gunicorn = start_gunicorn(env, port)
        log(f"gunicorn on 127.0.0.1:{port}")
        wait_until_up(port, gunicorn)
        workers = children(gunicorn.pid)
        if len(workers) != WORKERS:
            raise RuntimeError(f"expected {WORKERS} gunicorn workers, found {workers}")
        static = static_path()
        sizes = check_pages(port, static)
        rounds = []
        for number in range(1, ROUNDS + 1):
            log(f"round {number} of {ROUNDS}: waiting for the load average to settle")
            load_before = settle(MAX_LOAD)
            rounds.append(
                {
                    "static": measure(port, workers, "static file", static),
                    "cached": measure(port, workers, "home page, page cache", HOME),
                    "uncached": measure(port, workers, "home page, uncached", HOME, miss=True),
                    "load": (load_before, os.getloadavg()[0]),
                }
            )
        results = {
            **{key: rounds[0][key] for key in ("static", "cached", "uncached")},
            "rounds": rounds,
            # One request at a time: the page's own CPU cost, without the two workers, wrk,
            # PostgreSQL and Redis competing for the same cores.
            "uncached_serial": measure(
                port,
                workers,
                "home page, uncached, serial",
                HOME,
                miss=True,
                connections=1,
                seconds=(2, SERIAL_S),
            ),
        }
        # Before the offers' runs: the home page's workers, not the map data's buffers.
        results["rss_gunicorn"] = {pid: rss_mb(pid) for pid in workers}
        results["memory_gunicorn"] = {pid: memory_mb(pid) for pid in workers}
        results["rss_gunicorn_master"] = rss_mb(gunicorn.pid)
        if OFFERS:
            results["offers_http"] = measure_offers_http(port, workers)
            results["offers_http"]["rss"] = {pid: rss_mb(pid) for pid in workers}
        if redis:
            log("starting a Celery worker to read its memory")
            celery, pids = start_celery(env)
            results["rss_celery"] = {pid: rss_mb(pid) for pid in pids}
    finally:
        stop(gunicorn, "gunicorn")
        stop(celery, "celery")
        try:
            manage(env, "shell", "-c", clear_cache, timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            log(f"could not clear the bench cache: {error}")

    log("counting SQL queries of the uncached home page, steady and cold")
    hosts = [HOST, f"bench-{TERRITORIES}.localhost"] if TERRITORIES > 1 else [HOST]
    results["queries"] = script(env, "count_queries.py", *hosts, timeout=300)
    manage(env, "shell", "-c", clear_cache, timeout=60)
    if not database.startswith("sqlite"):
        log("rows read per request (bench/listing_rows.py)")
        results["rows"] = script(env, "listing_rows.py", HOST, timeout=300)
    log("a stock Wagtail site's worker RSS (bench/stock_wagtail.py)")
    results["stock"] = script(env, "stock_wagtail.py", timeout=600)
    if redis:
        log("the same site on the design card's stack (bench/stock_wagtail.py --stack)")
        results["stock_stack"] = script(env, "stock_wagtail.py", "--stack", timeout=600)
    if OFFERS:
        log("offer search in-process (bench/measure_offers.py), with EXPLAIN ANALYZE")
        results["offers"] = script(env, "measure_offers.py", HOST, "--explain")
        results["offers"]["setup"] = {
            **offers_setup,
            "offers": OFFERS,
            "territories": OFFER_TERRITORIES,
            "load_after": load_average(),
        }
    results["sizes"] = sizes
    results["setup"] = {
        "database": "PostgreSQL" if not database.startswith("sqlite") else "SQLite",
        "database_url": re.sub(r"//[^@/]*@", "//…@", database),
        "cache": "Redis" if redis else "local memory (per worker)",
        "territories": TERRITORIES,
        "pages": PAGES,
    }
    results["machine"] = box
    return results


# --- Report -------------------------------------------------------------------------------


def _languages(data: dict) -> dict:
    return {key: value for key, value in data.items() if isinstance(value, dict) and key != "cold"}


def ratios(results: dict) -> list[dict]:
    """Each round's cached and uncached requests/s as shares of its static file's, the load
    average before and after it and the neighbours' largest CPU share during it."""
    rounds = results.get("rounds") or [results]
    return [
        {
            "cached": one["cached"]["rps"] / one["static"]["rps"],
            "uncached": one["uncached"]["rps"] / one["static"]["rps"],
            "load": one.get("load", (0.0, 0.0)),
            "others": max(one[key].get("others_share", 0.0) for key in SCENARIOS),
        }
        for one in rounds
    ]


SCENARIOS = ("static", "cached", "uncached")


def unjudged(results: dict) -> str:
    """Why the ratios of this run are not judged ("" when they are): a round started on a
    loaded machine (the 1-minute load average above MAX_LOAD once the bench's own last run
    has had time to fade), or other processes took more than MAX_OTHERS of the machine
    during a measured run. The load average after a round is the bench's own saturation
    (wrk and two workers on two cores) and is reported, not judged."""
    reasons = []
    for number, one in enumerate(ratios(results), start=1):
        if one["load"][0] > MAX_LOAD:
            reasons.append(f"round {number} started at a load average of {one['load'][0]:.2f}")
        if one["others"] > MAX_OTHERS:
            reasons.append(
                f"other processes took {one['others']:.1%} of the machine in round {number}"
            )
    return "; ".join(reasons)


def verdicts(results: dict) -> dict:
    """Each target: (value, met). The ratios count the worse round."""
    shares = ratios(results)
    cached_ratio = min(one["cached"] for one in shares)
    uncached_ratio = min(one["uncached"] for one in shares)
    queries = max(
        value["queries"]
        for data in results["queries"].values()
        for value in _languages(data).values()
    )
    rss = max(results["rss_gunicorn"].values())
    stock = max(results["stock"]["rss"].values()) if "stock" in results else None
    rss_ratio = rss / stock if stock else float("inf")
    return {
        "uncached_ratio": (uncached_ratio, uncached_ratio >= TARGETS["uncached_ratio"]),
        "cached_ratio": (cached_ratio, cached_ratio >= TARGETS["cached_ratio"]),
        "queries": (queries, queries <= TARGETS["queries"]),
        "cpu_ms": (
            results["uncached_serial"]["cpu_ms"],
            results["uncached_serial"]["cpu_ms"] <= TARGETS["cpu_ms"],
        ),
        "rss_vs_stock": (rss_ratio, rss_ratio <= TARGETS["rss_vs_stock"]),
    }


def stack_ratio(results: dict) -> float | None:
    """The largest worker's RSS against stock Wagtail on the design card's stack (the second
    yardstick: reported, not one of the issue's targets); None when it was not measured."""
    if "stock_stack" not in results:
        return None
    return max(results["rss_gunicorn"].values()) / max(results["stock_stack"]["rss"].values())


def _megabytes(values) -> str:
    """ "158 MB, 164 MB": a report's memory figures, one per process."""
    return ", ".join(f"{value:.0f} MB" for value in values)


def report(results: dict) -> str:
    verdict = verdicts(results)
    on_stack = stack_ratio(results)
    reason = unjudged(results)
    mark = {True: "met", False: "**missed**"}
    if reason:  # a loaded machine measures the neighbours: report, do not judge
        mark = {True: "not judged (loaded machine)", False: "**missed** (loaded machine)"}
    setup, box = results["setup"], results["machine"]
    s, c, u = results["static"], results["cached"], results["uncached"]
    serial = results["uncached_serial"]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        MARKER,
        "",
        f"## Last run: {now}",
        "",
        f"Machine: {box['nproc']} CPU ({box['cpu']}), Python {box['python']}, "
        f"load average before the run {box['load']}. {setup['database']} "
        f"(`{setup['database_url']}`), cache: {setup['cache']}. Data: `generate("
        f"territories={setup['territories']}, pages={setup['pages']})` (bench/generate_data.py;"
        " ecosystems, news and events, each, per language, French and English).",
        "",
        f"Server: gunicorn, {WORKERS} sync workers, `config.settings.production`, on "
        f"127.0.0.1. Load: `{s['command']}` (host `{HOST}`), after a {WARMUP_S} s warm-up.",
        "",
        "| Target | Measured | Goal | |",
        "|---|---|---|---|",
        f"| Uncached home page req/s, share of the static file's (worse of {ROUNDS} rounds) | "
        f"{verdict['uncached_ratio'][0]:.1%} | ≥ {TARGETS['uncached_ratio']:.0%} | "
        f"{mark[verdict['uncached_ratio'][1]]} |",
        f"| Cached home page req/s, share of the static file's (worse of {ROUNDS} rounds) | "
        f"{verdict['cached_ratio'][0]:.1%} | ≥ {TARGETS['cached_ratio']:.0%} | "
        f"{mark[verdict['cached_ratio'][1]]} |",
        f"| SQL queries, uncached home page | {verdict['queries'][0]} | ≤ {TARGETS['queries']} "
        f"| {mark[verdict['queries'][1]]} |",
        f"| CPU per uncached home page (serial) | {verdict['cpu_ms'][0]:.1f} ms | ≤ "
        f"{TARGETS['cpu_ms']:.0f} ms | {mark[verdict['cpu_ms'][1]]} |",
        f"| Largest worker RSS vs a stock Wagtail site's | {verdict['rss_vs_stock'][0]:.2f} × | "
        f"≤ {TARGETS['rss_vs_stock']:.2f} × | {mark[verdict['rss_vs_stock'][1]]} |",
    ]
    if on_stack is not None:
        lines.append(
            "| Largest worker RSS vs stock Wagtail with the design card's libraries (allauth, "
            f"Celery, django-redis): a second yardstick | {on_stack:.2f} × | none (the "
            "target is the row above) | reported: "
            f"{'within' if on_stack <= TARGETS['rss_vs_stock'] else 'outside'} "
            f"{TARGETS['rss_vs_stock']:.2f} × |"
        )
    lines += [
        "",
        "| Request | req/s | p50 | p99 | worker CPU / request | requests | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = []
    for number, one in enumerate(results.get("rounds") or [results], start=1):
        rows += [
            (f"Round {number}: static file (WhiteNoise), the ceiling", one["static"]),
            (f"Round {number}: home page `{HOME}` from the page cache", one["cached"]),
            (f"Round {number}: home page `{HOME}` uncached (page-cache miss)", one["uncached"]),
        ]
    rows.append((f"Home page uncached, one connection (`-c1`, {SERIAL_S} s): serial", serial))
    for label, data in rows:
        errors = data["errors"] + (1 if data["socket_errors"] else 0)
        lines.append(
            f"| {label} | {data['rps']:.0f} | {data['p50_ms']:.1f} ms | {data['p99_ms']:.1f} ms "
            f"| {data['cpu_ms']:.2f} ms | {data['requests']} | {errors or 0} |"
        )
    nproc = box["nproc"] or 1
    lines += [""]
    for number, one in enumerate(ratios(results), start=1):
        lines.append(
            f"Round {number}: cached / static {one['cached']:.1%}, uncached / static "
            f"{one['uncached']:.2%}; 1-minute load average {one['load'][0]:.2f} before "
            f"(after waiting for it to settle), {one['load'][1]:.2f} after (the bench's own "
            f"saturation); other processes' largest share of the machine during a measured "
            f"run {one['others']:.1%}."
        )
    lines.append(
        f"Judged only when every round starts at a load average of at most {MAX_LOAD} and "
        f"other processes take at most {MAX_OTHERS:.0%} of the machine while it is measured "
        "(/proc: the whole machine's busy time less gunicorn's, wrk's, this database's "
        "PostgreSQL backends', Redis's and the bench's own)."
        + (f" Not judged here: {reason}." if reason else "")
    )
    lines += [
        "",
        f"Ratios: cached / static = {c['rps'] / s['rps']:.2f}; cached / uncached = "
        f"{c['rps'] / u['rps']:.1f}. Whole-machine cost of an uncached page ({nproc} cores "
        f"saturated, {nproc * 1000} / req/s): {nproc * 1000 / u['rps']:.1f} ms, which also "
        "counts the database, Redis and wrk itself; the worker CPU column counts the gunicorn "
        "workers only. The CPU target is judged on the serial run, the page's own cost: at "
        f"{CONNECTIONS} connections both workers, wrk, PostgreSQL and Redis share "
        f"{nproc} vCPUs and each request's CPU time grows with that contention "
        f"({u['cpu_ms']:.1f} ms against {serial['cpu_ms']:.1f} ms here).",
        "",
        "Memory (VmRSS after the runs): gunicorn workers "
        + _megabytes(results["rss_gunicorn"].values())
        + f" (master {results['rss_gunicorn_master']:.0f} MB)",
    ]
    if "stock" in results:
        stock = results["stock"]
        lines[-1] += (
            "; a stock Wagtail site (`wagtail start`, same virtualenv, "
            f"{stock['database']}, 2 sync workers, after {stock['requests']} requests): "
            + _megabytes(stock["rss"].values())
        )
    if "stock_stack" in results:
        stack = results["stock_stack"]
        lines[-1] += (
            "; the same site with allauth, a Celery app and django-redis (`--stack`, "
            f"after {stack['requests']} requests, failed logins included): "
            + _megabytes(stack["rss"].values())
        )
    if "memory_gunicorn" in results and "memory" in results.get("stock", {}):
        lines[-1] += (  # the private pages: what one more worker costs (docs/performance.md)
            "; USS (private pages) "
            + _megabytes(value["uss"] for value in results["memory_gunicorn"].values())
            + " against the stock site's "
            + _megabytes(value["uss"] for value in results["stock"]["memory"].values())
            + (
                " and the stack site's "
                + _megabytes(value["uss"] for value in stack["memory"].values())
                if "stock_stack" in results
                else ""
            )
        )
    if "rss_celery" in results:
        lines[-1] += (
            "; Celery worker (`celery -A config worker -c 1`, idle after start-up) "
            + _megabytes(results["rss_celery"].values())
            + " (main process, pool process)."
        )
    else:
        lines[-1] += "; no Celery worker measured (REDIS_URL not set)."
    lines += ["", "SQL queries of the uncached home page (counted in-process, same database):", ""]
    for host, data in results["queries"].items():
        counts = ", ".join(
            f"`/{language}/` {value['queries']}" for language, value in _languages(data).items()
        )
        if "cold" in data:
            cold = data["cold"]
            after, full = cold["after_publication"], cold["fully_cold"]
            counts += (
                f"; cold `/{cold['language']}/` after a publication (host purged, menu and "
                f"footer with it) {after['queries']} queries, {after['ms']:.0f} ms; fully "
                f"cold (every cache emptied) {full['queries']} queries, {full['ms']:.0f} ms"
                f" (medians of {after['runs']})"
            )
        lines.append(
            f"- `{host}` ({data['pages_per_language']} ecosystem, news and event pages per "
            f"language): {counts}"
        )
    if "rows" in results:
        rows_read = results["rows"]
        lines += [
            "",
            f"Rows PostgreSQL read per uncached request on `{rows_read['host']}` "
            f"({rows_read['pages_under_home']} pages under the home, "
            f"{rows_read['pages_in_database']} in the database; bench/listing_rows.py):",
            "",
            "| Request | `tup_returned` | `tup_fetched` | rows of pages / news / events |",
            "|---|---|---|---|",
        ]
        for name in ("home", "news index"):
            one = rows_read[name]
            tables = " / ".join(str(value) for value in one["table_rows"].values())
            lines.append(
                f"| {name} `{one['path']}` | {one['tup_returned']:.0f} | "
                f"{one['tup_fetched']:.0f} | {tables} |"
            )
    lines += [
        "",
        "Command: `make bench` (bench/run.py); environment: "
        + ("`DATABASE_URL` and " if setup["database"] == "PostgreSQL" else "")
        + ("`REDIS_URL` set." if setup["cache"] == "Redis" else "no `REDIS_URL`."),
        "",
    ]
    return "\n".join(lines)


def offers_report(results: dict) -> list[str]:
    """The offers' section of one run, between markers naming its size, so that a run at
    another size (e.g. the million) keeps it."""
    data, http = results["offers"], results["offers_http"]
    setup, box = data["setup"], results["machine"]
    mark = {True: "met", False: "**missed**"}
    searches = data["search"]
    worst = max(figures["p95_ms"] for figures in searches.values())
    geo = data["geojson"]

    def judge(ok: bool) -> str:  # the map's targets are for 10,000 offers in a territory
        if data["offers_in_territory"] > 12_000:
            return "(target for 10,000 offers)"
        return mark[ok]

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        OFFERS_MARKER.format(setup["offers"]),
        "",
        f"## Offers: {setup['offers']:,} offers over {setup['territories']} territories ({now})",
        "",
        f"Data: `generate_offers(territories={setup['territories']}, offers={setup['offers']})`"
        f" (bench/offers.py; {setup.get('seconds', '?')} s for the step, top-up included). "
        f"Measured on `{data['host']}`: {data['offers_in_territory']:,} offers in the "
        f"territory, {data['offers_on_platform']:,} on the platform. Load average before "
        f"the run {box['load']}, after the in-process measures {setup['load_after']}. "
        f"{results['setup']['database']}, cache: {results['setup']['cache']}.",
        "",
        "| Target | Measured | Goal | |",
        "|---|---|---|---|",
        f"| Search p95, in-process, worst scenario | {worst:.1f} ms | < "
        f"{OFFER_TARGETS['search_p95_ms']:.0f} ms | "
        f"{mark[worst < OFFER_TARGETS['search_p95_ms']]} |",
        f"| Map data p95 (`geojson/`, {geo['features']:,} offers), in-process | "
        f"{geo['p95_ms']:.1f} ms | < {OFFER_TARGETS['geojson_p95_ms']:.0f} ms | "
        f"{judge(geo['p95_ms'] < OFFER_TARGETS['geojson_p95_ms'])} |",
        f"| Map data size, gzip (as sent) | {geo['gzip_bytes'] / 1e6:.2f} MB | < 1 MB | "
        f"{judge(geo['gzip_bytes'] < OFFER_TARGETS['geojson_bytes'])} |",
        f"| Map data size, uncompressed | {geo['bytes'] / 1e6:.2f} MB | < 1 MB | "
        f"{judge(geo['bytes'] < OFFER_TARGETS['geojson_bytes'])} |",
        "",
        "In-process, `offer_search` (every count and one page of results, evaluated), "
        f"{next(iter(searches.values()))['runs']} calls after 3 warm-up calls "
        "(bench/measure_offers.py):",
        "",
        "| Search | query string | results | SQL queries | p50 | p95 | p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, figures in searches.items():
        lines.append(
            f"| {name} | `{figures['query'] or '(none)'}` | {figures['total']:,} | "
            f"{figures['queries']} | {figures['p50_ms']:.1f} ms | {figures['p95_ms']:.1f} ms "
            f"| {figures['p99_ms']:.1f} ms |"
        )
    lines.append(
        f"| map data `{geo['url']}` (test client, gzip) | (none) | {geo['features']:,} "
        f"features | {geo['queries']} | {geo['p50_ms']:.1f} ms | {geo['p95_ms']:.1f} ms | "
        f"{geo['p99_ms']:.1f} ms |"
    )
    s, o, serial, g = results["static"], http["search"], http["search_serial"], http["geojson"]
    lines += [
        "",
        f"Through gunicorn ({WORKERS} sync workers) and wrk, page-cache misses only (the "
        f"query strings of {len(OFFER_QUERIES)} searches in turn, each with a one-off "
        "parameter), in the same run as the static file (the ceiling). wrk reports p50, p90 "
        "and p99:",
        "",
        "| Request | req/s | p50 | p90 | p99 | worker CPU / request | requests | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, row in (
        ("Static file (the ceiling)", s),
        (f"Search `{OFFERS_PATH}?…` uncached, {CONNECTIONS} connections", o),
        (f"Same, one connection (`-c1`, {SERIAL_S} s)", serial),
        ("Map data `geojson/`, gzip, 4 connections", g),
    ):
        errors = row["errors"] + (1 if row["socket_errors"] else 0)
        lines.append(
            f"| {label} | {row['rps']:.0f} | {row['p50_ms']:.1f} ms | {row['p90_ms']:.1f} ms | "
            f"{row['p99_ms']:.1f} ms | {row['cpu_ms']:.2f} ms | {row['requests']} | {errors} |"
        )
    lines += [
        "",
        f"Ratio: uncached search / static file = {o['rps'] / s['rps']:.3f}.",
    ]
    for name, queries in data.get("explain", {}).items():
        lines += ["", f"`EXPLAIN (ANALYZE, BUFFERS)` of the queries of the search “{name}”:", ""]
        for sql, plan in queries:
            if "pageviewrestriction" in sql or "offerphoto" in sql:
                continue  # the view restrictions and photos: a few rows, always
            lines += ["```sql", sql if len(sql) < 1500 else sql[:1500] + " …", "```", "", "```"]
            lines += [plan, "```", ""]
    lines += [OFFERS_END, ""]
    return lines


INTRO = """# Performance

`make bench` measures the public site as production serves it and rewrites this page below
the line. Methodology and what to do when a target is missed: see the top of bench/run.py.
"""


def section_markers(name: str) -> tuple[str, str]:
    """The lines around another bench script's section of docs/performance.md (``write``
    keeps every such section as it is when it rewrites the page)."""
    return f"<!-- section: {name} -->", f"<!-- end of section: {name} -->"


def write_section(name: str, block: str, results: dict | None = None) -> None:
    """Put ``block`` (the section ``name``, between its ``section_markers``) in
    docs/performance.md: in place of the section's earlier run, else at the end of the page,
    below the MARKER line (written first if missing); ``results`` to
    var/last-<name>-run.json."""
    begin, end = section_markers(name)
    if not (block.startswith(begin) and block.rstrip().endswith(end)):
        raise ValueError(f"section {name!r}: the block must stand between {begin} and {end}")
    text = DOC.read_text() if DOC.exists() else INTRO
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    elif MARKER in text:
        text = text.rstrip() + "\n\n" + block + "\n"
    else:
        text = text.rstrip() + "\n\n" + MARKER + "\n\n" + block + "\n"
    DOC.write_text(text)
    if results is not None:
        VAR.mkdir(parents=True, exist_ok=True)
        (VAR / f"last-{name}-run.json").write_text(json.dumps(results, indent=2, default=str))
    log(f"written {DOC.relative_to(ROOT)}")


def write(results: dict) -> None:
    text = DOC.read_text() if DOC.exists() else INTRO
    intro = text.split(MARKER)[0].rstrip() + "\n"
    body = report(results)
    kept = []  # other sizes' offers sections, from earlier runs
    for match in re.finditer(
        r"<!-- offers run: (\d+) -->.*?<!-- end of offers run -->", text, re.S
    ):
        if "offers" not in results or int(match.group(1)) != results["offers"]["setup"]["offers"]:
            kept.append(match.group(0))
    if "offers" in results:
        kept.append("\n".join(offers_report(results)).rstrip())
    kept.sort(key=lambda block: int(re.match(r"<!-- offers run: (\d+)", block).group(1)))
    # Sections other bench scripts write (``write_section``), kept as they are.
    sections = r"<!-- section: (\S+) -->.*?<!-- end of section: \1 -->"
    kept += [match.group(0) for match in re.finditer(sections, text, re.S)]
    DOC.write_text(intro + "\n" + body + "\n" + "\n\n".join(kept) + "\n")
    (VAR / "last-run.json").write_text(json.dumps(results, indent=2, default=str))
    log(f"written {DOC.relative_to(ROOT)}")
    reason = unjudged(results)
    for name, (value, ok) in verdicts(results).items():
        judged = "MISSED" if not ok else ("met" if not reason else "not judged (load)")
        log(f"{name}: {value:.3f} {judged}")
    if stack_ratio(results) is not None:
        log(f"rss_vs_stock_stack: {stack_ratio(results):.3f} (reported, not a target)")


if __name__ == "__main__":
    os.chdir(ROOT)
    write(run())
