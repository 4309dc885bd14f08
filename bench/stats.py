"""Percentiles of timed samples, as every bench script reports them."""

import statistics
import time


def percentiles(samples: list[float], *, digits: int = 1) -> dict:
    """p50, p95, p99 and max of ``samples`` (milliseconds), nearest-rank, and their count."""
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {
        "p50_ms": round(statistics.median(ordered), digits),
        "p95_ms": round(at(0.95), digits),
        "p99_ms": round(at(0.99), digits),
        "max_ms": round(ordered[-1], digits),
        "runs": len(ordered),
    }


def time_it(call, runs: int, *, warm_up: int = 3, digits: int = 2) -> tuple[dict, list[str]]:
    """``call()`` ``warm_up`` times, then ``runs`` times timed: its percentiles, and the SQL
    of one more call (Django's ``CaptureQueriesContext``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    return percentiles(samples, digits=digits), [query["sql"] for query in captured]


def time_get(client, url: str, runs: int, *, warm_up: int = 2) -> dict:
    """``time_it`` on a GET of ``url`` with Django's test ``client``: the percentiles (0.1 ms)
    and the SQL query count of one request; an answer other than 200 stops the bench."""

    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    figures, queries = time_it(call, runs, warm_up=warm_up, digits=1)
    figures["queries"] = len(queries)
    return figures
