"""Privacy-first engagement: only a signed-in investor whose lead in this territory agreed to
share their visits is recorded (a page of this site, per page and day, no IP address); the
score on the lead is one function, explained on the lead's edit page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from investors.models import FavouriteOffer, Lead, LeadActivity, LeadView, SavedSearch
from investors.selectors import lead_engagement
from territories.tenancy import platform_wide
from tests.factories import make_member
from tests.factories.investors import LeadFactory
from tests.investors.conftest import valid
from tests.investors.test_saved import investor
from tests.realestate.conftest import make_offer, offer_index
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db


def beacon_url():
    with translation.override("fr"):
        return reverse("page_viewed")


@pytest.fixture
def identified(two_territories):
    a, b = two_territories
    user = investor()
    with platform_wide():
        lead = LeadFactory(
            territory=a.territory, email=user.email.upper(), engagement_consent_at=timezone.now()
        )
    offer_a = make_offer(offer_index(a), 51)
    offer_b = make_offer(offer_index(b), 52)
    client = Client(HTTP_HOST=a.host)
    client.force_login(user)
    return a, b, user, lead, offer_a, offer_b, client


def views():
    with platform_wide():
        return list(LeadView.objects.values_list("lead_id", "page_id", "count", "is_offer"))


def test_an_identified_consenting_investor_is_recorded_per_page_and_day(identified):
    a, _b, _user, lead, offer_a, _ob, client = identified
    home = a.territory.site.root_page
    for page in (offer_a, offer_a, home):
        assert client.post(beacon_url(), {"page": page.pk}).status_code == 204
    assert sorted(views()) == sorted([(lead.pk, offer_a.pk, 2, True), (lead.pk, home.pk, 1, False)])


def test_nothing_is_recorded_for_anyone_else_or_another_sites_page(identified):
    a, b, user, lead, offer_a, offer_b, client = identified
    client.post(beacon_url(), {"page": offer_b.pk})  # B's page on A's site
    client.post(beacon_url(), {"page": "1 OR 1=1"})
    client.post(beacon_url(), {"page": "999999"})
    Client(HTTP_HOST=a.host).post(beacon_url(), {"page": offer_a.pk})  # anonymous
    on_b = Client(HTTP_HOST=b.host)  # signed in on B, where they have no lead
    on_b.force_login(user)
    on_b.post(beacon_url(), {"page": offer_b.pk})
    stranger = Client(HTTP_HOST=a.host)
    stranger.force_login(investor("stranger@example.com"))
    stranger.post(beacon_url(), {"page": offer_a.pk})
    assert views() == []
    with platform_wide():
        Lead.objects.filter(pk=lead.pk).update(engagement_consent_at=None)
    client.post(beacon_url(), {"page": offer_a.pk})  # no consent: nothing
    assert views() == []


def test_the_beacon_needs_the_csrf_token(identified):
    a, _b, user, _lead, offer_a, _ob, _client = identified
    client = Client(HTTP_HOST=a.host, enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(beacon_url(), {"page": offer_a.pk}).status_code == 403
    assert views() == []


def test_the_inquiry_form_asks_and_records_the_opt_in(two_territories, submit):
    from investors.models import ProjectInquiryPage

    a, _b = two_territories
    page = ProjectInquiryPage.objects.child_of(a.territory.site.root_page).get()
    url = page.relative_url(a.territory.site)
    body = Client(HTTP_HOST=a.host).get(url).content.decode()
    assert 'name="share_visits"' in body and "jamais votre adresse IP" in body
    submit(a.host, url, valid(email="one@example.com"))
    submit(a.host, url, valid(email="two@example.com", share_visits="on"))
    with platform_wide():
        consent = dict(Lead.objects.values_list("email", "engagement_consent_at"))
    assert consent["one@example.com"] is None and consent["two@example.com"] is not None


def test_withdrawing_stops_and_erases(identified):
    _a, _b, _user, lead, offer_a, _ob, client = identified
    client.post(beacon_url(), {"page": offer_a.pk})
    assert "Arrêter de partager mes visites" in client.get("/fr/accounts/").content.decode()
    with translation.override("fr"):
        assert client.post(reverse("engagement_stop")).status_code == 302
    assert views() == []
    with platform_wide():
        lead.refresh_from_db()
    assert lead.engagement_consent_at is None
    client.post(beacon_url(), {"page": offer_a.pk})
    assert views() == []


def test_the_score_counts_each_reason_with_its_weight(identified):
    a, _b, user, lead, offer_a, _ob, client = identified
    offer_2 = make_offer(offer_index(a), 53)
    offer_3 = make_offer(offer_index(a), 54)
    for page in (offer_a, offer_a, offer_2, offer_3, a.territory.site.root_page):
        client.post(beacon_url(), {"page": page.pk})
    with platform_wide():
        FavouriteOffer.objects.create(user=user, territory=a.territory, offer=offer_a)
        now = timezone.now()
        SavedSearch.objects.create(
            user=user,
            territory=a.territory,
            index=offer_index(a),
            name="S",
            language="fr",
            watermark=now,
            last_checked_at=now,
        )
        LeadActivity.objects.create(lead=lead, kind=LeadActivity.Kind.INQUIRY)
        LeadView.objects.update(last_viewed_at=now - datetime.timedelta(days=2))
        engagement = lead_engagement(lead, now=now)
    # 3 offers × 2 + 1 page × 1 + 1 saved offer × 3 + 1 saved search × 3 + 1 inquiry × 5
    # + 5 for a visit within 7 days.
    assert engagement.points == 6 + 1 + 3 + 3 + 5 + 5
    assert {p["kind"]: (p["count"], p["weight"]) for p in engagement.parts} == {
        "offers_viewed": (3, 2),
        "pages_viewed": (1, 1),
        "saved_offers": (1, 3),
        "saved_searches": (1, 3),
        "inquiries": (1, 5),
    }
    with platform_wide():
        later = lead_engagement(lead, now=now + datetime.timedelta(days=20))
        much_later = lead_engagement(lead, now=now + datetime.timedelta(days=60))
    assert later.recency_points == 2 and much_later.recency_points == 0
    with platform_wide():
        Lead.objects.filter(pk=lead.pk).update(engagement_consent_at=None)
        lead.refresh_from_db()
        withdrawn = lead_engagement(lead, now=now)
    assert withdrawn.points == 5 and not withdrawn.shared  # only the inquiry


def test_the_score_of_another_territorys_lead_ignores_this_ones_saved_items(identified):
    a, b, user, _lead, offer_a, _ob, _client = identified
    with platform_wide():
        FavouriteOffer.objects.create(user=user, territory=a.territory, offer=offer_a)
        lead_b = LeadFactory(
            territory=b.territory, email=user.email, engagement_consent_at=timezone.now()
        )
        assert lead_engagement(lead_b).points == 0


def test_the_lead_edit_page_explains_the_score(identified):
    a, _b, _user, lead, offer_a, _ob, client = identified
    client.post(beacon_url(), {"page": offer_a.pk})
    developer = make_member(a.territory, "Developers")
    body = admin_client(developer).get(reverse("leads:edit", args=[lead.pk])).content.decode()
    assert 'id="lead-engagement-title"' in body
    assert "(1 × 2)" in body and "+5" in body
