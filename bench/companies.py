"""`make bench`'s company import part: bench/measure_companies.py at 100,000 SIRENE rows.
The issue's target: 100,000 rows in under 60 s on a 2-core machine, memory flat.

    .venv/bin/python bench/companies.py     # BENCH_COMPANIES_ROWS=100000

1. Its own database: PostgreSQL ``bench_companies`` on DATABASE_URL's server
   (BENCH_COMPANIES_DATABASE overrides), else var/bench/companies.sqlite3; migrate.
2. bench/measure_companies.py: a fresh import, the same file again (unchanged), a file with
   one row in ten changed; seconds, rows per second, RSS growth of each pass.
3. docs/performance.md's company import section is replaced (bench/run.py keeps it), with
   the command, the date and the load average (``uptime``'s) before and after.
"""

import os
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    VAR,
    load_average,
    log,
    own_database,
    script,
    section_markers,
    write_section,
)

ROWS = int(os.environ.get("BENCH_COMPANIES_ROWS", "100000"))
TARGET_SECONDS = 60
COMMAND_ENV = ("DATABASE_URL", "BENCH_COMPANIES_DATABASE", "BENCH_COMPANIES_ROWS")
SECTION = "companies"
BEGIN, END = section_markers(SECTION)


def run() -> dict:
    VAR.mkdir(parents=True, exist_ok=True)
    env = own_database("companies")
    log(f"bench/measure_companies.py --rows {ROWS}")
    load_before = load_average()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    measured = script(env, "measure_companies.py", "--rows", str(ROWS), timeout=3600)
    return {
        "started": started,
        "load_before": load_before,
        "load_after": load_average(),
        "nproc": os.cpu_count(),
        "command": " ".join(
            [
                *(f"{k}={os.environ[k]}" for k in COMMAND_ENV if k in os.environ),
                ".venv/bin/python bench/companies.py",
            ]
        ),
        "database_name": urllib.parse.urlsplit(env["DATABASE_URL"]).path.rsplit("/", 1)[-1],
        **measured,
    }


def report(results: dict) -> str:
    create = results["create"]
    loaded = float(results["load_before"].split()[0]) > results["nproc"]
    verdict = "met" if create["seconds"] < TARGET_SECONDS else "MISSED"
    if results["rows"] < 100_000:
        verdict = "not judged (fewer than 100,000 rows)"
    lines = [
        BEGIN,
        f"## Company import ({results['started']})",
        "",
        f"`{results['command']}` (part of `make bench`), that is "
        f"`bench/measure_companies.py --rows {results['rows']}` on the "
        f"{results['database']} database `{results['database_name']}`: "
        f"{results['rows']:,} generated SIRENE rows "
        f"imported in-process through the worker's code path (`company_import_run`). "
        f"Load average (`uptime`) {results['load_before']} before, {results['load_after']} "
        f"after, on {results['nproc']} cores"
        + (": a shared, loaded machine, so the seconds are pessimistic." if loaded else ".")
        + f" Target: a fresh import of 100,000 rows in under {TARGET_SECONDS} s, memory "
        f"flat: **{verdict}**.",
        "",
        "| pass | seconds | rows/s | created | updated | unchanged | rejected | RSS growth MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, label in (
        ("create", "fresh import"),
        ("unchanged", "same file again"),
        ("one_in_ten_moved", "one row in ten changed"),
    ):
        p = results[name]
        lines.append(
            f"| {label} | {p['seconds']} | {p['rows_per_second']:,} | {p['created']:,} "
            f"| {p['updated']:,} | {p['unchanged']:,} | {p['rejected']:,} "
            f"| {p['rss_growth_mb']} |"
        )
    lines += [
        "",
        f"Peak RSS of the process {results['max_rss_of_process_mb']} MB "
        f"({results['companies_in_territory']:,} companies in the bench territory). Rows "
        "are read and written 1,000 at a time: one lookup of plain values, one bulk insert, "
        "one upsert of the changed columns, one insert of filière links a batch.",
        END,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    results = run()
    write_section(SECTION, report(results), results)
