"""News and events beyond one page: pagination (hostile page numbers), past events, the
RSS/Atom news feeds, the territory's iCal calendar and one .ics per event. Each territory's
feeds hold its own live, public pages only, with hostile text escaped."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from attractiveness.models import PER_PAGE, EventIndexPage, EventPage, NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & "quotes"'


def _index(tenant, model):
    return model.objects.descendant_of(tenant.territory.site.root_page).get()


def _news(index, title, days_ago=0, live=True):
    page = NewsPage(
        title=title,
        summary=f"{title} summary",
        date=timezone.localdate() - dt.timedelta(days=days_ago),
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def _event(index, title, start_in_days, **extra):
    start = timezone.now() + dt.timedelta(days=start_in_days)
    page = EventPage(
        title=title,
        summary=f"{title} summary",
        start=start,
        end=start + dt.timedelta(hours=2),
        **extra,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _get(client, tenant, url, **params):
    return client.get(url, params, HTTP_HOST=tenant.host)


def test_news_pages_twelve_at_a_time_and_hostile_page_numbers_never_fail(client, two_territories):
    a, _b = two_territories
    index = _index(a, NewsIndexPage)
    for number in range(PER_PAGE + 3):
        _news(index, f"Actu {number:02d}", days_ago=number)
    url = index.url
    first = _get(client, a, url).content.decode()
    assert "Actu 00" in first and f"Actu {PER_PAGE:02d}" not in first
    assert 'rel="next"' in first and "Page 1" in first
    second = _get(client, a, url, page=2).content.decode()
    assert f"Actu {PER_PAGE:02d}" in second and "Actu 00" not in second
    for hostile in ("abc", "-1", "0", "99999", "1e9", "%00", "2" * 400):
        response = _get(client, a, url, page=hostile)
        assert response.status_code == 200, hostile


def test_rss_and_atom_hold_this_territorys_live_news_escaped(client, two_territories):
    a, b = two_territories
    _news(_index(a, NewsIndexPage), f"Lyonne {HOSTILE}")
    _news(_index(a, NewsIndexPage), "Brouillon caché", live=False)
    _news(_index(b, NewsIndexPage), "Combes seulement")
    index = _index(a, NewsIndexPage)
    rss = _get(client, a, f"{index.url}rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert f"Lyonne {HOSTILE}" in titles, "the text as written, XML-escaped on the wire"
    assert b"<script>" not in rss.content
    assert "Brouillon caché" not in titles and "Combes seulement" not in titles
    links = [item.findtext("link") for item in channel.iter("item")]
    assert all(link.startswith(f"http://{a.host}/") for link in links)
    assert a.territory.name in channel.findtext("title")

    atom = _get(client, a, f"{index.url}atom/")
    assert atom.status_code == 200 and atom["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [
        e.findtext("a:title", namespaces=ns)
        for e in ET.fromstring(atom.content).findall("a:entry", ns)
    ]
    assert f"Lyonne {HOSTILE}" in entries and "Combes seulement" not in entries
    page = _get(client, a, index.url).content.decode()
    assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page


def test_upcoming_and_past_events_and_the_registration_link(client, two_territories):
    a, _b = two_territories
    index = _index(a, EventIndexPage)
    soon = _event(index, "Salon à venir", 3, registration_url="https://billetterie.example/salon")
    _event(index, "Forum passé", -30)
    upcoming = _get(client, a, index.url).content.decode()
    assert "Salon à venir" in upcoming and "Forum passé" not in upcoming
    past = _get(client, a, f"{index.url}archives/").content.decode()
    assert "Forum passé" in past and "Salon à venir" not in past
    assert 'aria-current="page"' in past
    event = _get(client, a, soon.url).content.decode()
    assert 'href="https://billetterie.example/salon"' in event
    assert f'href="{soon.get_url_parts()[2]}ical/"' in event


def test_hostile_links_are_refused_at_validation():
    from django.core.exceptions import ValidationError

    page = EventPage(
        title="x",
        summary="x",
        start=timezone.now(),
        end=timezone.now(),
        registration_url="javascript:alert(1)",
        online_url="data:text/html,hi",
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(
            exclude=["path", "depth", "slug", "content_type", "locale", "translation_key"]
        )
    assert {"registration_url", "online_url"} <= set(error.value.message_dict)


def test_the_calendar_holds_this_territorys_public_events_only(client, two_territories):
    a, b = two_territories
    index = _index(a, EventIndexPage)
    soon = _event(
        index,
        f"Atelier {HOSTILE}",
        5,
        venue="Hôtel de région",
        online_url="https://visio.example/x",
    )
    private = _event(index, "Réservé aux membres", 6)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    _event(index, "Très ancien", -400)
    _event(_index(b, EventIndexPage), "Chez les voisins", 5)
    response = _get(client, a, f"{index.url}ical/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"Atelier {HOSTILE}"}
    entry = events[f"Atelier {HOSTILE}"]
    assert (
        entry.decoded("dtstart") == soon.start.replace(microsecond=0)
        or entry.decoded("dtstart") == soon.start
    )
    assert str(entry["location"]) == "Hôtel de région"
    assert str(entry["url"]).startswith(f"http://{a.host}/")
    assert str(entry["uid"]) == f"event-{soon.pk}@{a.host}"

    single = _get(client, a, f"{soon.url}ical/")
    assert single.status_code == 200
    [only] = Calendar.from_ical(single.content).walk("VEVENT")
    assert str(only["uid"]) == f"event-{soon.pk}@{a.host}"
    assert f'filename="{soon.slug}.ics"' in single["Content-Disposition"]
