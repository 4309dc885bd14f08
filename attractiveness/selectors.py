"""The news and events listings: the home page's teasers, the index pages, the feeds.

Each reads the page type's own table through one index, in the order it shows
(``NewsPage.Meta.indexes``, ``EventPage.Meta.indexes``): the denormalised ``index_page``,
``is_live`` and ``published_at`` (``ListedPageMixin``, kept by ``signals.py``) stand for
``child_of(index).live()`` and the tie-break on the first publication. A ``LIMIT`` then reads
the rows it returns, not every page under the home (docs/performance.md, "Listings"). View
restrictions come as (id, path, depth) rows (``home.chrome.restricted_pages``): one on the
index or above hides the whole listing, one on a child hides that child.
"""

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from .models import EventPage, NewsPage

NEWS_ORDER = ("-date", "-published_at", "-pk")


def _listed(model, index: Page, restricted) -> QuerySet:
    """The live children of ``index`` of type ``model`` outside every private section."""
    pages = model.objects.filter(index_page_id=index.pk, is_live=True)
    hidden = []
    for page_id, path, _depth in restricted:
        if index.path.startswith(path):
            return pages.none()  # the index or one of its ancestors is private
        if path.startswith(index.path) and len(path) == len(index.path) + Page.steplen:
            hidden.append(page_id)
    return pages.exclude(pk__in=hidden) if hidden else pages


def news_listed(index: Page, *, restricted) -> QuerySet:
    """The news index's live, public news, newest first (date, then first publication)."""
    return _listed(NewsPage, index, restricted).order_by(*NEWS_ORDER)


def events_upcoming(index: Page, *, restricted) -> QuerySet:
    """The events of the index that have not ended, soonest first."""
    events = _listed(EventPage, index, restricted).filter(end__gte=timezone.now())
    return events.order_by("start", "pk")


def events_starting(index: Page, *, restricted) -> QuerySet:
    """The events of the index that have not started yet, soonest first (the home page's)."""
    events = _listed(EventPage, index, restricted).filter(start__gte=timezone.now())
    return events.order_by("start", "pk")


def events_past(index: Page, *, restricted) -> QuerySet:
    """The events of the index that are over, latest first."""
    now = timezone.now()
    # An event ends after it starts (EventPage.clean): the bound on start, implied by the
    # one on end, lets PostgreSQL walk the start index backwards from now.
    events = _listed(EventPage, index, restricted).filter(end__lt=now, start__lt=now)
    return events.order_by("-start", "-pk")


def events_since(index: Page, since, *, restricted) -> QuerySet:
    """The events of the index that end after ``since``, by start (the iCal feed's)."""
    events = _listed(EventPage, index, restricted).filter(end__gte=since)
    return events.order_by("start", "pk")
