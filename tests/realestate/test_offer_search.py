"""The public offer search: facets with live counts, sorting, pagination, hostile
parameters, isolation between territories, a constant number of queries."""

import json
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realestate.models import OfferPage
from tests.home.schemaorg import validate
from tests.realestate.conftest import make_offer


def path(page) -> str:
    return page.get_url_parts()[2]


def search(client, tenant, index, query=""):
    return client.get(f"{path(index)}{query}", HTTP_HOST=tenant.host)


def titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def count_of(response, facet: str, value: str) -> int:
    for option in response.context["search"].facets[facet].options:
        if option["value"] == value:
            return option["count"]
    raise AssertionError(f"no {facet}={value} option")


def test_facets_count_the_other_filters(client, offers):
    own, _other, index, *_rest = offers
    response = search(client, own, index)
    assert response.status_code == 200
    # The concluded offer is left out unless asked for.
    assert sorted(titles(response)) == ["Offre 1", "Offre 2", "Offre 3", "Offre 4"]
    assert (
        count_of(response, "type", "office") == 2 and count_of(response, "type", "warehouse") == 2
    )

    response = search(client, own, index, "?type=warehouse")
    assert sorted(titles(response)) == ["Offre 3", "Offre 4"]
    # The type facet still counts both types (its own filter left out); the others follow.
    assert count_of(response, "type", "office") == 2
    assert count_of(response, "commune", "69259") == 1
    assert count_of(response, "feature", "docks") == 1
    assert count_of(response, "transaction", "sale") == 1

    response = search(client, own, index, "?type=warehouse&transaction=rent")
    assert titles(response) == ["Offre 3"]
    response = search(client, own, index, "?feature=fibre")
    assert titles(response) == ["Offre 2"]
    response = search(client, own, index, "?surface_min=250&surface_max=350")
    assert titles(response) == ["Offre 3"]
    response = search(client, own, index, "?include_concluded=on&sort=-surface")
    assert titles(response)[0] == "Offre 5"
    response = search(client, own, index, "?sort=surface")
    assert titles(response) == ["Offre 1", "Offre 2", "Offre 3", "Offre 4"]


def test_another_territorys_offers_never_appear(client, offers):
    own, other, index, index_b, _a, b = offers
    for query in ("", "?commune=79191", "?type=office", "?include_concluded=on"):
        response = search(client, own, index, query)
        body = response.content.decode()
        assert "ZSEVRE" not in body and "79191" not in body and "Niort" not in body
    assert titles(search(client, other, index_b)) == ["ZSEVRE offre"]
    # B's offer is not served on A's host either.
    assert client.get(path(b[0]), HTTP_HOST=own.host).status_code == 404


HOSTILE = [
    "?surface_min=-5",
    "?surface_min=abc",
    "?surface_max=" + "9" * 5000,
    "?rent_max=1e400",
    "?price_max=NaN",
    "?type=castle",
    "?type=office&type=office&type=" + "x" * 10_000,
    "?transaction=<script>alert(1)</script>",
    "?commune=00000",
    "?available=tomorrow",
    "?sort=__class__",
    "?feature=jacuzzi",
    "?page=1000000000",
    "?page=-1",
    "?page=abc",
    "?page=" + "9" * 400,
    "?include_concluded=yes%00",
]


def test_hostile_parameters_never_break_the_search(client, offers):
    own, _other, index, *_rest = offers
    for query in HOSTILE:
        response = search(client, own, index, query)
        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert titles(response), f"the valid part of {query!r} still lists offers"


def test_ignored_filters_are_named(client, offers):
    own, _other, index, *_rest = offers
    response = search(client, own, index, "?surface_min=-5&type=office")
    assert sorted(titles(response)) == ["Offre 1", "Offre 2"]
    assert len(response.context["search"].ignored) == 1
    assert response.context["search"].ignored[0] in response.content.decode()


def test_pagination_keeps_the_search(client, offers):
    own, _other, index, *_rest = offers
    for number in range(6, 20):
        make_offer(index, number)
    response = search(client, own, index, "?type=office")
    body = response.content.decode()
    assert "type=office&amp;page=2" in body
    last = search(client, own, index, "?type=office&page=99")
    assert last.context["search"].results.number == 2


def test_the_search_costs_the_same_queries_for_few_or_many_offers(client, offers):
    own, _other, index, *_rest = offers

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert search(client, own, index, "?type=office&feature=fibre").status_code == 200
        return len(captured)

    few = queries()
    for number in range(6, 30):
        make_offer(index, number, fibre=True, photos=[])
    assert queries() == few


def test_offer_page_has_key_facts_json_ld_and_similar_offers(client, offers):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    own, _other, index, _index_b, a, _b = offers
    photo = Image.objects.create(
        title="Façade", file=get_test_image_file(), collection=own.territory.collection
    )
    offer = make_offer(index, 40, photos=[photo], latitude="45.73", longitude="4.84")
    response = client.get(path(offer), HTTP_HOST=own.host)
    assert response.status_code == 200
    body = response.content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    nodes = json.loads(script.group(1))  # the listing, then the breadcrumb trail
    assert validate(nodes) == []  # against schema.org (tests/home/schemaorg.py)
    listing = next(node for node in nodes if node["@type"] == "RealEstateListing")
    assert listing["offers"]["@type"] == "Offer" and listing["offers"]["sku"] == "REF-40"
    assert listing["about"]["geo"]["latitude"] == 45.73
    assert 'property="og:image"' in body and 'alt="Façade"' in body
    # Similar: the same type, nearest surface first (4 000 m²: offices of 200 then 100 m²).
    assert [o.pk for o in response.context["similar"]] == [a[1].pk, a[0].pk]


def geojson(client, tenant, index, query=""):
    response = client.get(f"{path(index)}geojson/{query}", HTTP_HOST=tenant.host)
    assert response.status_code == 200, query
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_map_gets_the_searchs_offers_with_coordinates(client, offers):
    own, other, index, index_b, _a, _b = offers
    for number, kind in ((50, "warehouse"), (51, "office"), (52, "warehouse")):
        make_offer(index, number, offer_type=kind, latitude="45.75", longitude="4.85")
    make_offer(index_b, 50, slug="zsevre-carte", latitude="46.32", longitude="-0.46")

    data = geojson(client, own, index, "?type=warehouse")
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["t"] for f in data["features"]) == ["Offre 50", "Offre 52"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.85, 45.75]}
    assert client.get(feature["properties"]["u"], HTTP_HOST=own.host).status_code == 200
    # Every page of the result set, never another territory's offers.
    assert len(geojson(client, own, index)["features"]) == 3
    assert all(
        "zsevre" not in f["properties"]["u"] for f in geojson(client, own, index)["features"]
    )
    assert len(geojson(client, other, index_b)["features"]) == 1
    for query in HOSTILE:
        assert isinstance(geojson(client, own, index, query)["features"], list)


def test_the_map_costs_the_same_queries_for_few_or_many_offers(client, offers):
    own, _other, index, *_rest = offers

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            geojson(client, own, index, "?transaction=rent")
        return len(captured)

    make_offer(index, 60, latitude="45.7", longitude="4.8")
    few = queries()
    for number in range(61, 80):
        make_offer(index, number, latitude="45.7", longitude="4.8", photos=[])
    assert queries() == few


def test_the_offer_page_costs_the_same_queries_for_few_or_many_offers(client, offers):
    own, _other, index, _index_b, a, _b = offers
    offer = make_offer(index, 90, surface=1000)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path(offer), HTTP_HOST=own.host)
            assert response.status_code == 200
        return len(captured), [o.pk for o in response.context["similar"]]

    few, similar = queries()
    assert similar == [a[1].pk, a[0].pk]  # offices of 200 and 100 m²
    for number in range(91, 110):  # offices of 991 to 1009 m²
        make_offer(index, number, surface=900 + number, photos=[])
    many, similar = queries()
    assert many == few
    # The nearest surfaces, nearest first, ties by id (the older offer first).
    assert [OfferPage.objects.get(pk=pk).surface for pk in similar] == [1000, 999, 1001]
