"""bench/offers.py: offers written in bulk are real Wagtail pages that route, render and
that the public search finds; re-running only tops up."""

import pytest
from django.http import QueryDict
from wagtail.models import Page

from bench.offers import communes, generate_offers, offer_index
from realestate.models import OfferPage
from realestate.selectors import offer_search
from territories.models import Territory


@pytest.mark.django_db
def test_bulk_offers_are_valid_pages_that_the_search_finds(client):
    made = generate_offers(territories=2, offers=60)
    assert made == {"bench-1.localhost": 30, "bench-2.localhost": 30}
    territory = Territory.objects.get(slug="bench-1")
    index = offer_index(territory)
    offers = OfferPage.objects.child_of(index)
    assert offers.count() == 30 and index.numchild == 30
    assert Page.objects.get(pk=index.pk).numchild == 30
    # The tree is consistent: treebeard finds the children, parents and siblings.
    assert all(not problems for problems in Page.find_problems())
    offer = offers.live().first()
    assert offer.get_parent().pk == index.pk
    assert offer.url_path == f"{index.url_path}{offer.slug}/"
    assert (offer.index_page_id, offer.is_live) == (index.pk, True)
    assert offer.commune_insee in {c["insee"] for c in communes(1)}
    offer.full_clean()  # the model's own validation (coordinates, prices, INSEE code)

    search = offer_search(index=index, params=QueryDict(""))
    live = offers.live().public().exclude(status="concluded").count()
    assert search.total == live > 0
    assert sum(o["count"] for o in search.facets["type"].options) == live

    host = territory.site.hostname
    response = client.get(index.get_url_parts()[2], HTTP_HOST=host)
    assert response.status_code == 200 and offer.title.split(" ")[0] in response.content.decode()
    assert client.get(offer.get_url_parts()[2], HTTP_HOST=host).status_code == 200
    geojson = client.get(index.get_url_parts()[2] + "geojson/", HTTP_HOST=host).json()
    assert geojson["features"]


@pytest.mark.django_db
def test_running_again_only_tops_up():
    generate_offers(territories=1, offers=10)
    first = set(OfferPage.objects.values_list("pk", "reference"))
    generate_offers(territories=1, offers=10)
    assert set(OfferPage.objects.values_list("pk", "reference")) == first
    generate_offers(territories=1, offers=15)
    index = offer_index(Territory.objects.get(slug="bench-1"))
    assert OfferPage.objects.child_of(index).count() == 15
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.django_db
@pytest.mark.parametrize("sizes", [{"territories": 0}, {"offers": -1}])
def test_rejects_out_of_range_sizes(sizes):
    with pytest.raises(ValueError, match="Use 1–1000 territories"):
        generate_offers(**sizes)
