"""OfferPage's denormalised search columns (``index_page``, ``is_live``, ``published_at``)
follow the page tree through everything Wagtail does to a page, and the search that reads
them shows what ``live().public().child_of(index)`` would."""

from django.http import QueryDict
from wagtail.models import Page, PageViewRestriction

from realestate.models import OfferPage
from realestate.selectors import listed_offers, offer_search
from tests.realestate.conftest import make_offer


def columns(offer) -> tuple:
    row = OfferPage.objects.values_list("index_page_id", "is_live", "published_at").get(pk=offer.pk)
    page = Page.objects.get(pk=offer.pk)
    assert row[2] == page.first_published_at
    return row[:2]


def reference_set(index) -> set[int]:
    return set(OfferPage.objects.live().public().child_of(index).values_list("pk", flat=True))


def test_columns_follow_publish_unpublish_move_and_copy(offers):
    _own, _other, index, index_b, a, _b = offers
    offer = a[0]
    assert columns(offer) == (index.pk, True)

    Page.objects.get(pk=offer.pk).unpublish()  # as the admin does it: on a plain Page
    assert columns(offer) == (index.pk, False)
    assert offer.pk not in {o.pk for o in listed_offers(index)}
    OfferPage.objects.get(pk=offer.pk).save_revision().publish()
    assert columns(offer) == (index.pk, True)

    # Moved under another index (Wagtail saves the moved page as a plain Page).
    Page.objects.get(pk=offer.pk).move(index_b, pos="last-child")
    assert columns(offer) == (index_b.pk, True)
    assert offer.pk in {o.pk for o in listed_offers(index_b)}
    assert offer.pk not in {o.pk for o in listed_offers(index)}

    copy = OfferPage.objects.get(pk=a[1].pk).copy(
        to=index_b, update_attrs={"slug": "copie", "title": "Copie"}, keep_live=False
    )
    assert columns(copy) == (index_b.pk, False)
    copy.save_revision().publish()
    assert columns(copy) == (index_b.pk, True)

    new = make_offer(index, 70)  # add_child then publish
    assert columns(new) == (index.pk, True)
    for each in (index, index_b):
        assert {o.pk for o in listed_offers(each)} == reference_set(each)


def test_view_restrictions_hide_offers_as_public_does(offers):
    _own, _other, index, _index_b, a, _b = offers
    PageViewRestriction.objects.create(page=a[0], restriction_type="password", password="x")
    assert {o.pk for o in listed_offers(index)} == reference_set(index)
    assert a[0].pk not in {o.pk for o in listed_offers(index)}
    assert offer_search(index=index, params=QueryDict("")).total == 3

    PageViewRestriction.objects.create(page=index, restriction_type="password", password="x")
    assert reference_set(index) == set() and not listed_offers(index).exists()
    search = offer_search(index=index, params=QueryDict(""))
    assert search.total == 0 and not search.facets["commune"].options


def test_a_commune_of_another_index_is_ignored_not_searched(offers):
    _own, _other, index, *_rest = offers
    # 79191 is B's commune: not one of A's, so the filter is dropped and named.
    search = offer_search(index=index, params=QueryDict("commune=79191&type=office"))
    assert search.ignored and search.total == 2
    assert [o["value"] for o in search.facets["commune"].options] == ["69123", "69259"]
    search = offer_search(index=index, params=QueryDict("commune=69259"))
    assert not search.ignored and search.total == 1
