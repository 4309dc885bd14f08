"""News and events listings read what they show (docs/performance.md, "Listings").

The listings read the page type's own table by an index in their order, through the
denormalised ``index_page``, ``is_live`` and ``published_at`` (attractiveness/signals.py):
those follow the tree through everything Wagtail does to a page, and the listings show what
``live().public().child_of(index)`` shows. On PostgreSQL, the plans walk the index with the
LIMIT, and the rows an uncached home page reads do not grow with the territory's content.
"""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from attractiveness.home import TEASER
from attractiveness.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from attractiveness.selectors import (
    events_past,
    events_starting,
    events_upcoming,
    news_listed,
)
from bench.generate_data import populate_territory
from home.chrome import view_restricted_pages
from tests.world import TERRITORIES

HOST, HOST_B = TERRITORIES[0][1], TERRITORIES[1][1]


def _index(territory, model, language="fr"):
    home = territory.site.root_page
    if home.locale.language_code != language:
        home = home.get_translations().get(locale__language_code=language)
    return model.objects.child_of(home).get()


def _news(index, n, *, days_ago=None, publish=True) -> NewsPage:
    page = NewsPage(
        title=f"Nouvelle {n}",
        slug=f"nouvelle-{n}-{uuid.uuid4().hex[:6]}",
        summary="Résumé",
        date=timezone.localdate() - dt.timedelta(days=n if days_ago is None else days_ago),
        locale_id=index.locale_id,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        Page.objects.filter(pk=page.pk).update(live=False)
        page.refresh_from_db()
        page.save()  # as the admin saves a draft
    return page


def _event(index, days, n) -> EventPage:
    start = timezone.now() + dt.timedelta(days=days)
    page = EventPage(
        title=f"Forum {n}",
        slug=f"forum-{n}-{uuid.uuid4().hex[:6]}",
        summary="Résumé",
        start=start,
        end=start + dt.timedelta(hours=3),
        locale_id=index.locale_id,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _columns(page, model) -> tuple:
    row = model.objects.values_list("index_page_id", "is_live", "published_at").get(pk=page.pk)
    assert row[2] == Page.objects.get(pk=page.pk).first_published_at
    return row[:2]


def _reference(model, index, **filters) -> set[int]:
    pages = model.objects.child_of(index).live().public().filter(**filters)
    return set(pages.values_list("pk", flat=True))


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def test_columns_follow_publish_unpublish_move_and_copy(two_territories):
    index = _index(two_territories[0].territory, NewsIndexPage)
    other = _index(two_territories[1].territory, NewsIndexPage)
    news = _news(index, 1)
    assert _columns(news, NewsPage) == (index.pk, True)

    Page.objects.get(pk=news.pk).unpublish()  # as the admin does it: on a plain Page
    assert _columns(news, NewsPage) == (index.pk, False)
    NewsPage.objects.get(pk=news.pk).save_revision().publish()  # an old revision's columns
    assert _columns(news, NewsPage) == (index.pk, True)

    Page.objects.get(pk=news.pk).move(other, pos="last-child")  # saved as a plain Page
    assert _columns(news, NewsPage) == (other.pk, True)
    assert news.pk not in _ids(news_listed(index, restricted=[]))
    assert news.pk in _ids(news_listed(other, restricted=[]))

    copy = NewsPage.objects.get(pk=news.pk).copy(
        to=index, update_attrs={"slug": "copie", "title": "Copie"}, keep_live=False
    )
    assert _columns(copy, NewsPage) == (index.pk, False)
    copy.save_revision().publish()
    assert _columns(copy, NewsPage) == (index.pk, True)

    event = _event(_index(two_territories[0].territory, EventIndexPage), 3, 1)
    assert _columns(event, EventPage)[1] is True
    Page.objects.get(pk=event.pk).unpublish()
    assert _columns(event, EventPage)[1] is False


def test_listings_show_what_live_public_child_of_shows(two_territories):
    territory = two_territories[0].territory
    news_index, events_index = _index(territory, NewsIndexPage), _index(territory, EventIndexPage)
    news = [_news(news_index, n) for n in range(1, 6)]
    draft = _news(news_index, 0, publish=False)
    same_day = _news(news_index, 9, days_ago=2)  # the same date as news[1]: published later
    events = [_event(events_index, days, n) for n, days in enumerate((-9, -3, -1, 2, 5, 8))]
    ongoing = _event(events_index, 0, 99)  # started an hour ago, not over
    EventPage.objects.filter(pk=ongoing.pk).update(start=timezone.now() - dt.timedelta(hours=1))
    _news(_index(two_territories[1].territory, NewsIndexPage), 1)  # another territory's
    PageViewRestriction.objects.create(page=news[0], restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=events[4], restriction_type="password", password="x")
    restricted = view_restricted_pages()

    listed = _ids(news_listed(news_index, restricted=restricted))
    assert set(listed) == _reference(NewsPage, news_index)
    assert news[0].pk not in listed and draft.pk not in listed
    assert listed.index(same_day.pk) < listed.index(news[1].pk)  # newest publication first
    assert listed[-1] == news[-1].pk  # oldest date last

    now = timezone.now()
    upcoming = _ids(events_upcoming(events_index, restricted=restricted))
    assert set(upcoming) == _reference(EventPage, events_index, end__gte=now)
    assert upcoming[0] == ongoing.pk and events[4].pk not in upcoming
    starting = _ids(events_starting(events_index, restricted=restricted))
    assert starting == [events[3].pk, events[5].pk]
    past = _ids(events_past(events_index, restricted=restricted))
    assert past == [events[2].pk, events[1].pk, events[0].pk]

    # A private index hides the whole listing, as public() does.
    PageViewRestriction.objects.create(page=news_index, restriction_type="password", password="x")
    assert _reference(NewsPage, news_index) == set()
    assert not news_listed(news_index, restricted=view_restricted_pages()).exists()


def test_home_and_index_pages_show_the_listings(client, two_territories):
    territory = two_territories[0].territory
    news_index, events_index = _index(territory, NewsIndexPage), _index(territory, EventIndexPage)
    news = [_news(news_index, n) for n in range(1, 15)]
    hidden = news[1]
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    events = [_event(events_index, days, n) for n, days in enumerate((-4, 1, 2, 3, 4))]
    _news(_index(two_territories[1].territory, NewsIndexPage), 99, days_ago=0)

    html = client.get("/fr/", HTTP_HOST=HOST).content.decode()
    teasers = re.findall(r">(Nouvelle \d+|Forum \d+)<", html)
    assert teasers == ["Nouvelle 1", "Nouvelle 3", "Nouvelle 4", "Forum 1", "Forum 2", "Forum 3"]

    page_two = client.get("/fr/actualites/?page=2", HTTP_HOST=HOST).content.decode()
    assert re.findall(r">(Nouvelle \d+)<", page_two) == ["Nouvelle 14"]
    bad = client.get("/fr/actualites/?page=%00x", HTTP_HOST=HOST)
    assert bad.status_code == 200 and ">Nouvelle 1<" in bad.content.decode()
    past = client.get("/fr/agenda/archives/", HTTP_HOST=HOST).content.decode()
    assert ">Forum 0<" in past and ">Forum 1<" not in past and len(events) == 5
    # The other territory's home lists its own news only.
    other = client.get("/fr/", HTTP_HOST=HOST_B).content.decode()
    assert re.findall(r">(Nouvelle \d+)<", other) == ["Nouvelle 99"]


# --- PostgreSQL: the plans and the rows read ---------------------------------------------


def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("plans and row counters are PostgreSQL's: set DATABASE_URL (CI does)")


def _analyze():
    with connection.cursor() as cursor:
        for table in ("wagtailcore_page", "attractiveness_newspage", "attractiveness_eventpage"):
            cursor.execute(f"ANALYZE {table}")


def _rows_read() -> dict[str, int]:
    """Rows this transaction has read so far, per table (sequential + index fetches)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, seq_tup_read + COALESCE(idx_tup_fetch, 0)"
            " FROM pg_stat_xact_user_tables WHERE relname IN"
            " ('wagtailcore_page', 'attractiveness_newspage', 'attractiveness_eventpage')"
        )
        return dict(cursor.fetchall())


def _home_rows(client, probe: str) -> dict[str, int]:
    client.get(f"/fr/?warm={probe}", HTTP_HOST=HOST)  # every cache warm but the page's
    before = _rows_read()
    response = client.get(f"/fr/?probe={probe}", HTTP_HOST=HOST)
    after = _rows_read()
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    return {table: after[table] - before.get(table, 0) for table in after}


def test_home_listings_walk_their_index_with_the_limit(two_territories):
    _postgresql()
    territory = two_territories[0].territory
    populate_territory(territory, pages=40, figures=0, images=False)
    populate_territory(two_territories[1].territory, pages=40, figures=0, images=False)
    _analyze()
    news_index, events_index = _index(territory, NewsIndexPage), _index(territory, EventIndexPage)
    restricted = view_restricted_pages()
    teasers = [
        news_listed(news_index, restricted=restricted).only(*TEASER, "date", "image")[:3],
        events_starting(events_index, restricted=restricted).only(*TEASER, "start")[:3],
    ]
    for queryset, index in zip(teasers, ("news_listing", "event_start"), strict=True):
        plan = queryset.explain(analyze=True)
        assert plan.startswith("Limit"), plan
        assert f"Index Scan using {index} on" in plan, plan
        assert "Seq Scan" not in plan and "Sort" not in plan, plan
        scanned = re.search(rf"using {index} on \S+ .*?actual time=\S+ rows=(\d+)", plan)
        assert int(scanned.group(1)) == 3, plan  # the three it shows, nothing more


ROW_BUDGET = 60  # pages, news and events rows an uncached home page may read


def test_rows_an_uncached_home_reads_stay_within_budget_at_ten_times_the_content(
    client, two_territories
):
    """The old listings read every page under the home (at 40 pages of each kind, over 250
    rows of wagtailcore_page alone); now an uncached home page reads a few dozen rows of the
    page tables, whatever the territory's size. Small tables are not a test: PostgreSQL
    rightly scans a table of a hundred rows, hence the 10 × content."""
    _postgresql()
    territory = two_territories[0].territory
    populate_territory(territory, pages=40, figures=2, images=False)
    populate_territory(two_territories[1].territory, pages=40, figures=0, images=False)
    _analyze()
    rows = _home_rows(client, "large")
    under_home = Page.objects.descendant_of(territory.site.root_page).count()
    assert under_home > 2 * ROW_BUDGET  # reading the subtree would break the budget
    assert sum(rows.values()) <= ROW_BUDGET, f"rows read by table: {rows}"
