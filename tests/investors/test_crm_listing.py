"""The Leads listing's pages (investors/pagination.py: a page's keys first, then its rows):
every lead once, in order, on the first, a deep and the last page, whatever the sort, the
filters and the search; another territory's leads on none; Wagtail's usual answer out of
range; a constant query count; on PostgreSQL, a page's keys read from the index alone."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investors.models import Lead
from investors.pagination import late_rows
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadFactory
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

OWN_LEADS = 47  # three pages of 20: 20, 20, 7
EDIT_LINK = re.compile(r"/admin/leads/edit/(\d+)/")


@pytest.fixture
def listing(two_territories):
    """A's developer signed in; A's 47 leads, B's 6 whose names also match A's search.
    Creation times come in threes (ties the listing's order must still break), companies
    in sevens; four leads in five are new."""
    own, other = two_territories
    developer = make_member(own.territory, "Developers")
    start = timezone.now() - dt.timedelta(days=30)
    with platform_wide():
        for number in range(OWN_LEADS):
            lead = LeadFactory(
                territory=own.territory,
                contact_name=f"ZOWN investor {number:02d}",
                company=f"Company {number % 7}",
                stage="won" if number % 5 == 0 else "new",
            )
            Lead.objects.filter(pk=lead.pk).update(
                created_at=start + dt.timedelta(hours=number // 3)
            )
        strangers = {
            LeadFactory(territory=other.territory, contact_name=f"ZOWN imposter {n}").pk
            for n in range(6)
        }
    return own, admin_client(developer), strangers


def expected(own, *ordering, **filters) -> list[int]:
    with platform_wide():
        leads = Lead.objects.filter(territory=own.territory, **filters)
        return list(leads.order_by(*ordering).values_list("pk", flat=True))


def listed(client, query: str = "") -> list[int]:
    """The leads of one page of the listing, in the order shown."""
    response = client.get(reverse("leads:index") + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return list(dict.fromkeys(int(pk) for pk in EDIT_LINK.findall(response.content.decode())))


def walk(client, query: str = "", pages: int = 3) -> list[int]:
    shown = []
    for number in range(1, pages + 1):
        shown += listed(client, f"{query}&p={number}" if query else f"p={number}")
    return shown


def test_the_pages_show_every_lead_once_newest_first(listing):
    own, client, strangers = listing
    shown = walk(client)
    assert shown == expected(own, "-created_at", "-pk")
    assert len(shown) == OWN_LEADS and not strangers & set(shown)


@pytest.mark.parametrize(
    ("ordering", "keys"),
    [
        ("created_at", ("created_at", "pk")),
        ("company", ("company", "pk")),
        ("-company", ("-company", "-pk")),
        ("contact_name", ("contact_name", "pk")),
        ("-stage", ("-stage", "-pk")),
        ("email", ("email", "pk")),
    ],
)
def test_every_sortable_column_pages_in_a_total_order(listing, ordering, keys):
    own, client, strangers = listing
    shown = walk(client, f"ordering={ordering}")
    assert shown == expected(own, *keys)
    assert not strangers & set(shown)


def test_a_filtered_and_searched_deep_page_keeps_its_filter_and_territory(listing):
    own, client, strangers = listing
    new = expected(own, "-created_at", "-pk", stage="new")  # 37 leads: two pages
    assert walk(client, "stage=new", pages=2) == new
    shown = walk(client, "q=ZOWN")  # B's imposters match the words, not the territory
    assert shown == expected(own, "-created_at", "-pk")
    assert not strangers & set(shown)


def test_out_of_range_pages_answer_as_wagtail_does(listing):
    own, client, _strangers = listing
    everything = expected(own, "-created_at", "-pk")
    assert listed(client, "p=99") == everything[40:]  # past the end: the last page
    assert listed(client, "p=abc") == everything[:20]  # not a number: the first
    assert listed(client, "stage=lost&p=3") == []  # nothing matches: an empty first page


def _queries(client, query: str) -> list[str]:
    url = reverse("leads:index") + f"?{query}"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [entry["sql"] for entry in captured]


def test_a_deep_page_costs_the_queries_of_the_first(listing):
    own, client, _strangers = listing
    client.get(reverse("leads:index"))  # the session's first-request work out of the way
    first, deep = len(_queries(client, "p=1")), len(_queries(client, "p=3"))
    with platform_wide():
        for _ in range(25):
            LeadFactory(territory=own.territory)
    assert len(_queries(client, "p=4")) == deep == first


@pytest.mark.parametrize(
    ("query", "index"),
    [("p=2", "investors_lead_recent"), ("ordering=company&p=2", "investors_lead_company")],
)
def test_a_deep_page_reads_its_keys_in_the_index_order(listing, query, index):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's (set DATABASE_URL to a PostgreSQL database)")
    _own, client, _strangers = listing
    (sql,) = [sql for sql in _queries(client, query) if "OFFSET" in sql]
    with connection.cursor() as cursor:
        # With a test's few rows any plan costs the same, and the rows just written are not
        # all-visible (no index-only scan): what is held is that the index gives the keys in
        # the listing's order, id included, which no sort has to finish.
        cursor.execute("ANALYZE investors_lead")
        for method in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"using {index} on investors_lead u0" in plan, plan
    assert "Sort Key: u0." not in plan, plan


def test_late_rows_slices_what_is_not_a_queryset():
    assert late_rows(list(range(10)), 4, 6) == [4, 5]


def test_the_search_matches_the_trigram_indexes_expression(listing):
    """Migration 0007's indexes are on the very expression the listing's search writes, so
    its count can read the matching leads instead of the territory's (docs/performance.md,
    CRM; with a test's few rows the planner reads them all whatever the indexes)."""
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's (set DATABASE_URL to a PostgreSQL database)")
    _own, client, _strangers = listing
    (count,) = [sql for sql in _queries(client, "q=imposter") if "COUNT(*)" in sql]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'investors_lead'"
        )
        indexes = dict(cursor.fetchall())
    for column in ("contact_name", "email", "company"):
        assert f'UPPER("investors_lead"."{column}"::text) LIKE UPPER(' in count, count
        definition = indexes[f"investors_lead_{column}_trgm"]
        assert f"USING gin (upper(({column})::text) gin_trgm_ops)" in definition
