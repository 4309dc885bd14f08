"""The page cache's in-process copies (TERRITORIA_PAGE_CACHE_LOCAL_SECONDS, production: 1 s):
a hit within that time needs no cache round trip; a purge in this process forgets them at
once; each hit is a response of its own; they never outlive their time."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import page_cache
from core.page_cache import CACHE_HEADER
from tests.core.test_page_cache import NEWS, get, publish_news

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_copies():
    page_cache.local_forget()
    with override_settings(TERRITORIA_PAGE_CACHE_LOCAL_SECONDS=30):
        yield
    page_cache.local_forget()


def test_a_hit_within_the_time_needs_no_round_trip(client, two_territories):
    a, _ = two_territories
    first = get(client, a)
    assert first[CACHE_HEADER] == "miss"
    cache.clear()  # behind the page cache's back: only this process's copy is left
    second = get(client, a)
    assert (second.status_code, second[CACHE_HEADER]) == (200, "hit")
    assert second.content == first.content


def test_a_purge_in_this_process_forgets_the_copies_at_once(client, two_territories):
    a, b = two_territories
    get(client, a), get(client, b)
    publish_news(a, "Ouverture du quai numérique")
    fresh = get(client, a)
    assert fresh[CACHE_HEADER] == "miss"
    assert "Ouverture du quai numérique" in fresh.content.decode()
    assert get(client, b)[CACHE_HEADER] == "hit"  # from the shared cache, still valid


def test_each_hit_is_a_response_of_its_own(client, two_territories):
    a, _ = two_territories
    get(client, a)
    one = get(client, a)
    one["X-Mutated"] = "yes"
    other = get(client, a)
    assert other[CACHE_HEADER] == "hit" and "X-Mutated" not in other


def test_a_conditional_get_is_answered_304_from_a_copy(client, two_territories):
    a, _ = two_territories
    etag = get(client, a)["ETag"]
    cache.clear()
    answer = get(client, a, HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and answer[CACHE_HEADER] == "hit"


def test_copies_expire_and_are_bounded(client, two_territories, monkeypatch):
    a, _ = two_territories
    with override_settings(TERRITORIA_PAGE_CACHE_LOCAL_SECONDS=0.05):
        get(client, a)
        cache.clear()
        time.sleep(0.1)
        assert get(client, a)[CACHE_HEADER] == "miss"  # the copy expired, the cache was empty
    monkeypatch.setattr(page_cache, "LOCAL_ENTRIES", 2)
    page_cache.local_forget()
    for query in ("", "?page=2", "?page=3"):
        get(client, a, path=f"{NEWS}{query}")
    assert len(page_cache._local) == 2  # three pages stored, the oldest forgotten


def test_expired_copies_are_dropped_when_the_next_is_stored(client, two_territories):
    """A worker's memory holds the pages of the last moment, not every page it served."""
    a, _ = two_territories
    get(client, a, path=NEWS), get(client, a, path=f"{NEWS}?page=2")
    assert len(page_cache._local) == 2
    # Both past their time (not by sleeping: on a loaded machine two requests can take
    # longer than a short time, and the first copy would be gone before the second).
    for key, (_expiry, *kept) in list(page_cache._local.items()):
        page_cache._local[key] = (time.monotonic() - 1, *kept)
    get(client, a, path=f"{NEWS}?page=3")
    assert len(page_cache._local) == 1


def test_off_by_default_outside_production(settings):
    from config.settings import base

    assert base.TERRITORIA_PAGE_CACHE_LOCAL_SECONDS == 0


PRODUCTION_SECURITY = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
}


@pytest.mark.parametrize("path", ["/fr/", NEWS, f"{NEWS}?page=2"])
def test_a_hit_from_a_copy_sends_every_header_of_the_miss(client, two_territories, path):
    a, _ = two_territories
    with override_settings(**PRODUCTION_SECURITY):
        miss = get(client, a, path=path, secure=True)
        from_the_cache = get(client, a, path=path, secure=True)
        cache.clear()  # only this process's copy is left
        from_the_copy = get(client, a, path=path, secure=True)
    assert (miss[CACHE_HEADER], from_the_cache[CACHE_HEADER]) == ("miss", "hit")
    assert from_the_copy[CACHE_HEADER] == "hit"

    def sent(response):
        return {name: value for name, value in response.items() if name != CACHE_HEADER}

    assert sent(from_the_copy) == sent(from_the_cache) == sent(miss)
    for header in (
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Vary",
        "Cache-Control",
        "Content-Language",
        "ETag",
        "Last-Modified",
    ):
        assert header in from_the_copy, header
    assert from_the_copy.content == miss.content
    assert from_the_copy.status_code == 200 and not from_the_copy.cookies


def test_every_conditional_header_is_still_judged_on_a_copy(client, two_territories):
    a, _ = two_territories
    first = get(client, a)
    cache.clear()
    since = get(client, a, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert (since.status_code, since[CACHE_HEADER]) == (304, "hit")
    assert since["ETag"] == first["ETag"] and not since.content
    changed = get(client, a, HTTP_IF_NONE_MATCH='"another"')
    assert (changed.status_code, changed[CACHE_HEADER]) == (200, "hit")
    assert get(client, a, HTTP_IF_MATCH='"another"').status_code == 412
    long_ago = "Thu, 01 Jan 1998 00:00:00 GMT"
    assert get(client, a, HTTP_IF_UNMODIFIED_SINCE=long_ago).status_code == 412
    assert get(client, a, HTTP_IF_MATCH=first["ETag"]).status_code == 200


def test_no_query_string_and_an_empty_one_are_one_entry(client, two_territories):
    a, _ = two_territories
    assert get(client, a, path=NEWS)[CACHE_HEADER] == "miss"
    assert get(client, a, path=f"{NEWS}?")[CACHE_HEADER] == "hit"
    assert get(client, a, path=f"{NEWS}?page=2")[CACHE_HEADER] == "miss"


def test_one_off_query_strings_and_host_headers_leave_the_process_bounded(
    client, two_territories, monkeypatch
):
    """A crawl of page-cache misses (a query string never seen each time, as the bench's
    uncached run) and of made-up Host headers keeps no copy of a page nor more than
    ``REMEMBERED`` headers in the worker (docs/performance.md, "Worker memory")."""
    from core import hosts

    a, _ = two_territories
    monkeypatch.setattr(hosts, "REMEMBERED", 8)
    hosts._accepted.clear()
    assert get(client, a, path="/fr/")[CACHE_HEADER] == "miss"
    for number in range(40):
        assert get(client, a, path=f"/fr/?r={number}")[CACHE_HEADER] == "miss"
        client.get("/fr/", HTTP_HOST=f"h{number}.lyonne.test")
    assert len(page_cache._local) == 1  # the page without a query string
    assert len(hosts._accepted) <= 8
