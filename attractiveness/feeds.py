"""A territory's news and events for feed readers and calendars: RSS and Atom for the news
(Django's syndication framework), iCalendar for the events (the ``icalendar`` library), one
``.ics`` per event. Everything comes from the page's own subtree: the territory and language
of the site it is served on, live and public pages only."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import slugify
from icalendar import Calendar, Event

FEED_ITEMS = 30
CALENDAR_PAST_DAYS = 180
CALENDAR_MAX = 500


def _territory_name(request, page) -> str:
    territory = getattr(request, "territory", None)
    return territory.name if territory is not None else page.get_site().site_name


class NewsFeed(Feed):
    """The latest news of one news index (its URL is the index's ``rss/``)."""

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return f"{index.title} · {_territory_name(self.request, index)}"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.search_description or strip_tags(index.intro)[:300] or index.title

    subtitle = description

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        from home.chrome import restricted_pages

        from .models import localized_categories_prefetch
        from .selectors import news_listed

        news = news_listed(index, restricted=restricted_pages(self.request))
        news = news.prefetch_related(localized_categories_prefetch(index.locale_id))
        return news[:FEED_ITEMS]

    def item_categories(self, item):
        return [chip["name"] for chip in item.chips]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))

    def item_updateddate(self, item):
        return item.last_published_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


def _event(event, request) -> Event:
    entry = Event()
    entry.add("uid", f"event-{event.pk}@{request.get_host().split(':')[0]}")
    entry.add("dtstamp", event.last_published_at or timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", event.title)
    url = event.get_full_url(request)
    entry.add("description", f"{event.summary}\n\n{url}")
    entry.add("url", url)
    location = event.venue or event.online_url
    if location:
        entry.add("location", location)
    return entry


def _calendar(request, name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Territoria//Events//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    return calendar


def _ics_response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def events_calendar(request, index) -> HttpResponse:
    """The index's upcoming events and those of the last six months (a calendar app that
    subscribes keeps what it already shows)."""
    from home.chrome import restricted_pages

    from .selectors import events_since

    since = timezone.now() - timezone.timedelta(days=CALENDAR_PAST_DAYS)
    events = events_since(index, since, restricted=restricted_pages(request))[:CALENDAR_MAX]
    calendar = _calendar(request, f"{index.title} · {_territory_name(request, index)}")
    for event in events:
        calendar.add_component(_event(event, request))
    return _ics_response(calendar, slugify(_territory_name(request, index)) or "events")


def event_calendar(request, event) -> HttpResponse:
    calendar = _calendar(request, _territory_name(request, event))
    calendar.add_component(_event(event, request))
    return _ics_response(calendar, event.slug)
