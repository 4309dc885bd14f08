"""Matching a lead with its territory's offers, and "send these offers": ranked, explained,
never another territory's offer nor a draft or a sold one, in the investor's language,
recorded in the timeline; hostile ids send nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import OutboxMessage
from investors.matching import lead_offer_matches, offers_sendable
from investors.models import LeadActivity
from territories.tenancy import platform_wide
from tests.realestate.conftest import make_offer, offer_index
from tests.territories.isolation_world import admin_client

from .test_crm_admin import crm  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _emails():
    return OutboxMessage.objects.filter(handler="core.mail.send_email")


@pytest.fixture
def market(crm):  # noqa: F811
    own, other, _developer, _both, lead_a, _lead_b = crm
    index_a, index_b = offer_index(own), offer_index(other)
    soon = datetime.date.today() + datetime.timedelta(days=60)
    offers = {
        "fits": make_offer(index_a, 21, offer_type="warehouse", land_area=5000),
        "small": make_offer(index_a, 17, offer_type="warehouse"),
        "office": make_offer(index_a, 30, offer_type="office", available_from=soon),
        "tiny": make_offer(index_a, 2, offer_type="warehouse"),
        "sold": make_offer(index_a, 22, offer_type="warehouse", status="concluded"),
        "theirs": make_offer(index_b, 20, offer_type="warehouse"),
        "plot": make_offer(index_a, 70, offer_type="land"),
    }
    draft = make_offer(index_a, 23, offer_type="warehouse")
    draft.unpublish()
    offers["draft"] = draft
    with platform_wide():
        lead_a.surface_needed = 2000
        lead_a.land_needed = 4000
        lead_a.timeline = "lt6m"
        lead_a.language = "fr"
        lead_a.save()
    return crm, offers


def test_offers_are_ranked_and_explained(market):
    (_own, _other, _developer, _both, lead_a, _lead_b), offers = market
    with platform_wide():
        matches = lead_offer_matches(lead_a)
    ranked = [match.offer.pk for match in matches]
    assert ranked[0] == offers["fits"].pk
    for hidden in ("tiny", "sold", "theirs", "draft"):
        assert offers[hidden].pk not in ranked  # too small, sold, of B, unpublished
    best = matches[0]
    assert best.score == 100
    assert [c.name for c in best.criteria] == ["surface", "land", "timeline"]
    digits = "".join(ch for ch in best.criteria[0].text if ch.isdigit() or ch == " ")
    assert "2100" in digits.replace(" ", "") and "m²" in best.criteria[0].text
    plot = next(match for match in matches if match.offer.pk == offers["plot"].pk)
    assert plot.criteria[0].verdict == "near" and plot.score < 100  # land, no building
    small = next(match for match in matches if match.offer.pk == offers["small"].pk)
    assert small.criteria[0].verdict == "near" and small.score < 100


def test_the_edit_page_lists_the_matches_with_their_reasons(market):
    (_own, _other, developer, _both, lead_a, _lead_b), offers = market
    page = admin_client(developer).get(reverse("leads:edit", args=[lead_a.pk])).content.decode()
    assert 'id="lead-matching-title"' in page
    assert f'value="{offers["fits"].pk}"' in page and f'value="{offers["theirs"].pk}"' not in page
    assert 'name="send_offers"' in page


def test_send_these_offers_emails_the_investor_and_logs_it(
    market, django_capture_on_commit_callbacks
):
    (own, _other, developer, _both, lead_a, _lead_b), offers = market
    OutboxMessage.objects.all().delete()
    client = admin_client(developer)
    chosen = [str(offers["fits"].pk), str(offers["office"].pk)]
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("leads:edit", args=[lead_a.pk]), {"send_offers": "1", "offers": chosen}
        )
    assert response.status_code == 302
    (message,) = _emails()
    mail = message.kwargs
    assert mail["to"] == [lead_a.email] and mail["reply_to"] == [developer.email]
    assert mail["subject"].startswith("Offres sélectionnées")  # the lead's language
    host = own.territory.site.hostname
    assert offers["fits"].title in mail["body"] and f"://{host}" in mail["body"]
    with platform_wide():
        activity = LeadActivity.objects.get(lead=lead_a, kind="email")
        lead_a.refresh_from_db()
    assert activity.actor == developer and offers["office"].title in activity.text
    assert lead_a.first_answer_at is not None


@pytest.mark.parametrize(
    "hostile",
    [["theirs"], ["fits", "theirs"], ["sold"], ["draft"], [], ["abc"], ["-1"], ["99999999"]],
    ids=["of-b", "mixed", "sold", "draft", "none", "text", "negative", "unknown"],
)
def test_hostile_offer_ids_send_nothing(market, hostile):
    (_own, _other, developer, _both, lead_a, _lead_b), offers = market
    OutboxMessage.objects.all().delete()
    ids = [str(offers[name].pk) if name in offers else name for name in hostile]
    response = admin_client(developer).post(
        reverse("leads:edit", args=[lead_a.pk]), {"send_offers": "1", "offers": ids}
    )
    assert response.status_code == 400
    assert not _emails().exists()
    with platform_wide():
        assert not LeadActivity.objects.filter(lead=lead_a, kind="email").exists()


def test_another_territorys_lead_cannot_be_sent_offers(market):
    (_own, _other, _developer, both, _lead_a, lead_b), offers = market
    OutboxMessage.objects.all().delete()
    response = admin_client(both).post(
        reverse("leads:edit", args=[lead_b.pk]),
        {"send_offers": "1", "offers": [str(offers["theirs"].pk)]},
    )
    assert response.status_code in (302, 403, 404)
    assert not _emails().exists()


def test_offers_sendable_refuses_an_offer_of_another_language_tree(market):
    (_own, _other, _developer, _both, lead_a, _lead_b), offers = market
    with platform_wide():
        lead_a.language = "fr"
        assert offers_sendable(lead_a, [offers["fits"].pk]) == [offers["fits"]]
        lead_a.language = "en"  # the offers were made in the French tree
        assert offers_sendable(lead_a, [offers["fits"].pk]) is None


def test_matching_queries_do_not_grow_with_offers(market):
    (own, _other, _developer, _both, lead_a, _lead_b), _offers = market

    def queries():
        with CaptureQueriesContext(connection) as captured, platform_wide():
            lead_offer_matches(lead_a)
        return len(captured)

    few = queries()
    for number in range(40, 52):
        make_offer(
            offer_index(own),
            number,
            offer_type="warehouse",
            transaction="both",
            sale_price=Decimal(900000),
        )
    assert queries() == few
