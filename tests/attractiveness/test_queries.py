"""The query budget of an uncached home page (no SQL query at all; for the first
render after a publication: 14) and of the news and events listings (15), whatever the content.

A budget, not a timing: the count is deterministic. Measured in the steady state a visitor
meets after a publication (host lookup, menus, renditions and the home page's blocks warm,
the page itself not in the page cache), with a query string the page cache has never seen;
and for the home page, also for the first visitor after a publication (the host purged).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate_data import populate_territory
from core.page_cache import purge_host
from tests.world import TERRITORIES

# None: the page is routed from the host's chrome, which knows its view restrictions too
# (home.chrome.route_home: Wagtail's routing and check were 4 queries, 5 in English), and
# the apps' blocks and the hero image come rendered from the host's cache
# (HomePage.get_context): figures, filières, stories, news, events and their renditions were
# eight queries more, and still are for the first render after a publication.
BUDGET = 0
# The first render after a publication: the blocks again (figures, filières, stories, news,
# events, the teasers' renditions, the hero image), the chrome (menu and footer pages,
# translations, the home page's specific row, settings, restrictions).
AFTER_PUBLICATION_BUDGET = 14  # in both languages (17 in French, 18 in English before)
# A listing (news, events): the chrome, its page, one page of items with their images (one
# join) and renditions (one prefetch); the news add the territory's categories (the filter's
# links) and each item's categories (one prefetch): 13 for the events, 15 for the news.
LISTING_BUDGET = 15


def _uncached_queries(client, host: str, path: str, probe: str, *, cold=False) -> int:
    """Queries of one uncached render of ``path``; ``cold``: with every cache emptied first
    (renditions, menus, host lookup), as after a deployment."""
    sep = "&" if "?" in path else "?"
    client.get(f"{path}{sep}warm={probe}", HTTP_HOST=host)  # warms every cache but the page's
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{path}{sep}probe={probe}", HTTP_HOST=host)
    assert response.status_code == 200
    if not cold:
        assert response["X-Page-Cache"] == "miss"  # really rendered, not served from the cache
    return len(queries)


def _uncached_home_queries(client, host: str, language: str, probe: str) -> int:
    return _uncached_queries(client, host, f"/{language}/", probe)


def _home_queries_after_publication(client, host: str, language: str, probe: str) -> int:
    """Queries of the first render after a publication, renditions made (as bench/run.py's
    "cold after a publication": its last of five)."""
    purge_host(host)  # what a publication does
    client.get(f"/{language}/?warm={probe}", HTTP_HOST=host)  # makes any missing rendition
    purge_host(host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/?published={probe}", HTTP_HOST=host)
    assert response["X-Page-Cache"] == "miss"
    return len(queries)


HOST = TERRITORIES[0][1]  # the first territory of the test world (tests/world.py)


@pytest.fixture
def territory(two_territories):
    return two_territories[0].territory


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_page_within_budget_and_flat_in_content(client, territory, language):
    populate_territory(territory, pages=3, figures=6)
    small = _uncached_home_queries(client, HOST, language, "small")
    small_cold = _home_queries_after_publication(client, HOST, language, "small")

    populate_territory(territory, pages=30, figures=6)
    response = client.get(f"/{language}/?content=large", HTTP_HOST=HOST)
    large = _uncached_home_queries(client, HOST, language, "large")
    large_cold = _home_queries_after_publication(client, HOST, language, "large")

    assert small <= BUDGET, f"{small} queries for 3 pages of each kind"
    assert large == small, f"{small} queries with 3 pages of each kind, {large} with 30"
    assert small_cold <= AFTER_PUBLICATION_BUDGET, f"{small_cold} after a publication"
    assert large_cold == small_cold, f"after a publication: {small_cold}, then {large_cold}"
    # The listings and the chrome really are on the page that was counted.
    html = response.content.decode()
    news, figure = ("Actualité", "Indicateur") if language == "fr" else ("News item", "Indicator")
    assert f"{news} 1<" in html and f"{figure} 6<" in html
    assert 'class="card"' in html and 'hreflang="en"' in html and "main-nav" in html


def test_anonymous_visitor_with_a_session_cookie_stays_within_budget(client, territory):
    """A visitor carrying a session cookie bypasses the page cache: the same budget holds,
    plus the one session read."""
    populate_territory(territory, pages=3, figures=6)
    client.get("/fr/", HTTP_HOST=HOST)
    client.cookies["sessionid"] = "not-a-session"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert len(queries) <= BUDGET + 1


LISTINGS = [
    "/fr/actualites/",
    "/fr/actualites/?category=innovation",
    "/fr/agenda/",
    "/fr/agenda/archives/",
]


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_news_and_event_listings_are_flat_in_content(client, territory, cold):
    """Twelve teasers a page, each with a 3:2 image in two widths and (news) its category
    chips: the same queries with 5 items of each kind as with 50, even with every cache cold
    (the renditions are prefetched, not looked up one by one)."""
    populate_territory(territory, pages=5, figures=0)
    small = {url: _uncached_queries(client, HOST, url, "small", cold=cold) for url in LISTINGS}
    populate_territory(territory, pages=50, figures=0)
    large = {url: _uncached_queries(client, HOST, url, "large", cold=cold) for url in LISTINGS}

    assert large == small, f"{small} queries with 5 items of each kind, {large} with 50"
    if not cold:
        assert max(small.values()) <= LISTING_BUDGET, small
    news = client.get(LISTINGS[1] + "&look=1", HTTP_HOST=HOST).content.decode()
    assert news.count('class="teaser__image"') == 12 and news.count("srcset=") >= 12
    assert 'class="chip"' in news and "category=innovation&amp;page=2" in news
    events = client.get(LISTINGS[3] + "?look=1", HTTP_HOST=HOST).content.decode()
    assert events.count('class="teaser__image"') == 12
