"""The saved searches' digest: the new matching offers only, once, one email per person and
territory, through the outbox (SMTP down: kept and sent later), escaped; the one-click
unsubscribe link and its RFC 8058 headers; forged, expired and other sites' tokens."""

import datetime
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from core.models import OutboxMessage
from investors.digest import TOKEN_MAX_AGE, saved_search_digests_send, unsubscribe_token
from investors.models import SavedSearch
from investors.saved import saved_search_create
from territories.tenancy import platform_wide
from tests.failing_services import free_port, smtp_at
from tests.investors.test_saved import investor
from tests.realestate.conftest import make_offer, offer_index

pytestmark = pytest.mark.django_db


def tomorrow_at(hour, days=1):
    """A local time ``days`` after today, at ``hour``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def save_search(user, tenant, query="type=office", frequency="daily", language="fr", name="S"):
    from django.http import QueryDict

    with platform_wide():
        return saved_search_create(
            user=user,
            territory=tenant.territory,
            language=language,
            params=QueryDict(query),
            name=name,
            frequency=frequency,
        )


@pytest.fixture
def digest(django_capture_on_commit_callbacks):
    """Run the digest at ``now`` as beat would, with the outbox delivering on commit."""

    def run(now):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), platform_wide():
            return saved_search_digests_send(now=now)

    return run


@pytest.fixture
def searching(two_territories):
    a, b = two_territories
    old = make_offer(offer_index(a), 31)  # published before the search was saved
    user = investor()
    search = save_search(user, a)
    return a, b, user, search, old


def test_digest_sends_only_new_matching_offers_and_only_once(searching, digest):
    a, _b, user, search, old = searching
    new = make_offer(offer_index(a), 32, title="Bureaux neufs quai")
    warehouse = make_offer(offer_index(a), 33, offer_type="warehouse", title="Entrepôt ZZ")
    assert digest(tomorrow_at(6)) == 0  # before the local digest hour
    assert digest(tomorrow_at(8)) == 1
    [message] = mail.outbox
    assert message.to == [user.email]
    body = message.body
    assert new.title in body and old.title not in body and warehouse.title not in body
    assert f"http://{a.host}" in body and new.url_path.split("/")[-2] in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"http://{a.host}/fr/accounts/saved/unsubscribe/")
    assert "nouvelle offre" in message.subject  # the search's language
    # The same hour again, the next hour, the next day with nothing new: nothing.
    assert digest(tomorrow_at(8)) == 0
    assert digest(tomorrow_at(9)) == 0
    assert digest(tomorrow_at(8, days=2)) == 0
    assert not mail.outbox
    with platform_wide():
        search.refresh_from_db()
    assert search.last_checked_at == tomorrow_at(8, days=2)
    assert search.last_sent_at == tomorrow_at(8)


def test_weekly_waits_seven_days_and_paused_sends_nothing(searching, digest):
    a, _b, _user, search, _old = searching
    with platform_wide():
        SavedSearch.objects.filter(pk=search.pk).update(frequency="weekly")
    make_offer(offer_index(a), 34)
    assert digest(tomorrow_at(8, days=3)) == 0
    assert digest(tomorrow_at(8, days=7)) == 1
    make_offer(offer_index(a), 35)
    with platform_wide():
        SavedSearch.objects.filter(pk=search.pk).update(active=False)
    assert digest(tomorrow_at(8, days=15)) == 0


def test_one_email_per_person_and_territory(searching, digest):
    a, b, user, _search, _old = searching
    save_search(user, a, query="type=warehouse", name="Entrepôts")
    save_search(user, b, query="", name="Tout Niort")
    make_offer(offer_index(a), 36, title="ZA bureau")
    make_offer(offer_index(a), 37, offer_type="warehouse", title="ZA entrepôt")
    make_offer(offer_index(b), 38, title="ZB bureau", commune="Niort", commune_insee="79191")
    assert digest(tomorrow_at(8)) == 2
    by_host = {("lyonne" if "lyonne.test" in m.body else "sevre"): m for m in mail.outbox}
    assert set(by_host) == {"lyonne", "sevre"}
    assert "ZA bureau" in by_host["lyonne"].body and "ZA entrepôt" in by_host["lyonne"].body
    assert "ZB bureau" not in by_host["lyonne"].body
    assert "ZB bureau" in by_host["sevre"].body and "ZA" not in by_host["sevre"].body


def test_digest_in_the_searchs_language(two_territories, digest):
    a, _b = two_territories
    user = investor()
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    index_en = offer_index(a).get_translation(english)
    if not index_en.live:
        index_en.save_revision().publish()
    save_search(user, a, query="", language="en")
    offer = make_offer(index_en, 39, title="Offices by the river")
    assert digest(tomorrow_at(8)) == 1
    [message] = mail.outbox
    assert "new offer" in message.subject and offer.title in message.body
    assert f"http://{a.host}/en/" in message.body


def test_digest_content_is_escaped(searching, digest):
    a, *_rest = searching
    make_offer(offer_index(a), 40, title='<img src=x onerror=alert(1)> & "quai"')
    assert digest(tomorrow_at(8)) == 1
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp;" in html
    assert "\n" not in message.subject


def test_smtp_down_keeps_the_digest_in_the_outbox(searching, digest):
    a, *_rest = searching
    make_offer(offer_index(a), 41, title="ZSMTP bureau")
    OutboxMessage.objects.all().delete()
    with smtp_at(free_port()):
        assert digest(tomorrow_at(8)) == 1
    assert not mail.outbox
    pending = OutboxMessage.objects.filter(handler="core.mail.deliver_message", done_at=None)
    assert pending.count() == 1
    assert digest(tomorrow_at(9)) == 0  # the watermark moved with the email: not sent twice
    pending.update(next_attempt_at=timezone.now())
    call_command("drain_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [message] = mail.outbox
    assert "ZSMTP bureau" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- Unsubscribe ------------------------------------------------------------------------


def unsubscribe_url(token):
    with translation.override("fr"):
        from django.urls import reverse

        return reverse("saved_search_unsubscribe", args=[token])


def test_one_click_unsubscribe_confirms_on_get_and_stops_on_post(searching):
    a, _b, _user, search, _old = searching
    url = unsubscribe_url(unsubscribe_token(territory_id=a.territory.pk, search_ids=[search.pk]))
    client = Client(HTTP_HOST=a.host, enforce_csrf_checks=True)  # a mail client: no session
    page = client.get(url)
    assert page.status_code == 200 and "X-Page-Cache" not in page
    assert search.name in page.content.decode()
    with platform_wide():
        search.refresh_from_db()
    assert search.active  # a GET (a link scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "X-Page-Cache" not in response
    with platform_wide():
        search.refresh_from_db()
    assert not search.active


@pytest.mark.parametrize("how", ["forged", "damaged", "expired", "other_site", "malformed"])
def test_bad_unsubscribe_tokens_are_a_400_page(searching, how):
    a, b, _user, search, _old = searching
    host = a.host
    if how == "forged":
        token = "eyJ0IjoxLCJzIjpbMV19:1abcde:forgedforgedforgedforgedforgedforged"
    elif how == "damaged":
        token = unsubscribe_token(territory_id=a.territory.pk, search_ids=[search.pk])[:-3] + "xyz"
    elif how == "expired":
        past = time.time() - TOKEN_MAX_AGE - 60
        with mock.patch("django.core.signing.time.time", return_value=past):
            token = unsubscribe_token(territory_id=a.territory.pk, search_ids=[search.pk])
    elif how == "other_site":
        token = unsubscribe_token(territory_id=a.territory.pk, search_ids=[search.pk])
        host = b.host
    else:
        from django.core import signing

        token = signing.dumps({"t": "x", "s": "y"}, salt="investors.saved-search-unsubscribe")
    for method in ("get", "post"):
        response = getattr(Client(HTTP_HOST=host), method)(unsubscribe_url(token))
        assert response.status_code == 400
        assert "<h1>" in response.content.decode()
    with platform_wide():
        search.refresh_from_db()
    assert search.active


def test_a_token_for_another_territorys_search_ids_stops_nothing_there(two_territories):
    a, b = two_territories
    user = investor()
    search_b = save_search(user, b, query="")
    token = unsubscribe_token(territory_id=a.territory.pk, search_ids=[search_b.pk])
    response = Client(HTTP_HOST=a.host).post(unsubscribe_url(token))
    assert response.status_code == 200
    with platform_wide():
        search_b.refresh_from_db()
    assert search_b.active
