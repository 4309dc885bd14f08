"""The query budget of an uncached home page: at most 13 SQL queries, whatever the content.

A budget, not a timing: the count is deterministic. Measured in the steady state a visitor
meets after a publication (host lookup, menus and renditions warm, the page itself not in
the page cache), with a query string the page cache has never seen.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate_data import populate_territory
from tests.world import TERRITORIES

BUDGET = 13  # 12, plus the success stories block (one query, whatever their number)


def _uncached_home_queries(client, host: str, language: str, probe: str) -> int:
    client.get(f"/{language}/?warm={probe}", HTTP_HOST=host)  # warms every cache but the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{language}/?probe={probe}", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"  # really rendered, not served from the cache
    return len(queries)


HOST = TERRITORIES[0][1]  # the first territory of the test world (tests/world.py)


@pytest.fixture
def territory(two_territories):
    return two_territories[0].territory


@pytest.mark.parametrize("language", ["fr", "en"])
def test_home_page_within_budget_and_flat_in_content(client, territory, language):
    populate_territory(territory, pages=3, figures=6)
    small = _uncached_home_queries(client, HOST, language, "small")

    populate_territory(territory, pages=30, figures=6)
    response = client.get(f"/{language}/?content=large", HTTP_HOST=HOST)
    large = _uncached_home_queries(client, HOST, language, "large")

    assert small <= BUDGET, f"{small} queries for 3 pages of each kind"
    assert large == small, f"{small} queries with 3 pages of each kind, {large} with 30"
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
