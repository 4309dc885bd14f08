"""Saved offers and saved searches of a signed-in investor: on the site (territory) they were
made on only, hostile ids refused, the offer and search pages still page-cached for
anonymous visitors, the account page, the export and the erasure."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import translation

from investors.models import FavouriteOffer, SavedSearch
from realestate.models import OfferPage
from territories.tenancy import platform_wide
from tests.factories import PASSWORD, UserFactory
from tests.realestate.conftest import make_offer, offer_index

pytestmark = pytest.mark.django_db


def investor(email="investisseur@example.com"):
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def fr(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def world(two_territories):
    a, b = two_territories
    offer_a = make_offer(offer_index(a), 11)
    warehouse_a = make_offer(offer_index(a), 12, offer_type="warehouse")
    offer_b = make_offer(offer_index(b), 21, commune="Niort", commune_insee="79191")
    user = investor()
    return a, b, offer_a, warehouse_a, offer_b, user


def signed_in(user, host):
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def test_anonymous_save_goes_to_sign_in_and_comes_back_to_save(world):
    a, _b, offer_a, *_rest, user = world
    client = Client(HTTP_HOST=a.host)
    url = fr("offer_save", offer_a.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/fr/accounts/login/?next={url}"
    response = client.post(
        "/fr/accounts/login/", {"login": user.email, "password": PASSWORD, "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url)
    assert page.status_code == 200 and "Enregistrer cette offre" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == offer_a.relative_url(a.territory.site)
    with platform_wide():
        [favourite] = FavouriteOffer.objects.all()
    assert favourite.territory == a.territory and favourite.offer_id == offer_a.pk
    # Saving again keeps one row.
    client.post(url)
    with platform_wide():
        assert FavouriteOffer.objects.count() == 1


def test_an_offer_of_another_territory_or_unpublished_is_refused(world):
    a, _b, offer_a, _w, offer_b, user = world
    client = signed_in(user, a.host)
    offer_a.unpublish()
    for offer in (offer_b, offer_a):
        response = client.post(fr("offer_save", offer.pk))
        assert response.status_code == 400
        assert "pas publiée sur ce site" in response.content.decode()
        assert client.get(fr("offer_save", offer.pk)).status_code == 400
    assert client.post(fr("offer_save", 999999)).status_code == 400
    with platform_wide():
        assert not FavouriteOffer.objects.exists()


def test_a_person_with_an_account_on_both_sites_sees_each_sites_own(world):
    a, b, offer_a, _w, offer_b, user = world
    client_a, client_b = signed_in(user, a.host), signed_in(user, b.host)
    assert client_a.post(fr("offer_save", offer_a.pk)).status_code == 302
    assert client_b.post(fr("offer_save", offer_b.pk)).status_code == 302
    with platform_wide():
        assert {(f.territory_id, f.offer_id) for f in FavouriteOffer.objects.all()} == {
            (a.territory.pk, offer_a.pk),
            (b.territory.pk, offer_b.pk),
        }
    page_a = client_a.get("/fr/accounts/").content.decode()
    page_b = client_b.get("/fr/accounts/").content.decode()
    assert offer_a.title in page_a and offer_b.title not in page_a
    assert offer_b.title in page_b and offer_a.title not in page_b


def test_the_account_marks_a_concluded_offer_and_removes_one(world):
    a, _b, offer_a, warehouse_a, _ob, user = world
    client = signed_in(user, a.host)
    client.post(fr("offer_save", offer_a.pk))
    client.post(fr("offer_save", warehouse_a.pk))
    offer = OfferPage.objects.get(pk=offer_a.pk)
    offer.status = "concluded"
    offer.save_revision().publish()
    body = client.get("/fr/accounts/").content.decode()
    assert "Loué ou vendu" in body or "Let or sold" in body
    response = client.post(fr("offer_unsave", warehouse_a.pk))
    assert response.status_code == 302
    with platform_wide():
        assert list(FavouriteOffer.objects.values_list("offer_id", flat=True)) == [offer_a.pk]


def test_removing_touches_only_ones_own_rows(world):
    a, _b, offer_a, *_rest, user = world
    other = investor("autre@example.com")
    signed_in(user, a.host).post(fr("offer_save", offer_a.pk))
    signed_in(other, a.host).post(fr("offer_unsave", offer_a.pk))
    with platform_wide():
        assert FavouriteOffer.objects.filter(user=user).count() == 1


def test_save_state_json_for_the_pages_script(world):
    a, _b, offer_a, warehouse_a, _ob, user = world
    client = signed_in(user, a.host)
    client.post(fr("offer_save", offer_a.pk), HTTP_ACCEPT="application/json")
    state = client.get(fr("saved_state"), {"offer": [offer_a.pk, warehouse_a.pk, "x'--"]}).json()
    assert state == {"authenticated": True, "saved": [offer_a.pk]}
    assert Client(HTTP_HOST=a.host).get(fr("saved_state")).json() == {"authenticated": False}


# --- Saved searches ---------------------------------------------------------------------


def test_save_this_search_normalises_the_query_with_the_searchs_own_parsing(world):
    a, *_rest, user = world
    client = signed_in(user, a.host)
    hostile = (
        "type=office&type=%3Cscript%3E&surface_min=-5&utm_source=x&commune=79191"
        "&commune=69123&page=3&sort=surface&feature=fibre"
    )
    page = client.get(f"{fr('search_save')}?{hostile}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<script>" not in body
    response = client.post(
        fr("search_save"),
        {"query": hostile, "name": "", "frequency": "daily"},
    )
    assert response.status_code == 400  # the name is required: the form says so
    response = client.post(
        fr("search_save"),
        {"query": hostile, "name": "Bureaux <b>Lyon</b>", "frequency": "daily"},
    )
    assert response.status_code == 302 and response["Location"] == "/fr/accounts/"
    with platform_wide():
        [search] = SavedSearch.objects.all()
    # As on the search page, a field with a value that does not clean is left out whole
    # (an unknown type, B's commune, a negative surface); sort, page and utm are not filters.
    assert search.query == "feature=fibre"
    assert search.territory == a.territory and search.language == "fr"
    assert search.index_id == offer_index(a).pk
    account = client.get("/fr/accounts/").content.decode()
    assert "Bureaux &lt;b&gt;Lyon&lt;/b&gt;" in account


def test_a_valid_search_is_kept_sorted_and_deduplicated(world):
    a, *_rest, user = world
    client = signed_in(user, a.host)
    query = "commune=69123&type=warehouse&type=office&type=office&page=2&utm_medium=mail"
    client.post(fr("search_save"), {"query": query, "name": "S", "frequency": "weekly"})
    with platform_wide():
        assert SavedSearch.objects.get().query == "type=office&type=warehouse&commune=69123"


def test_a_garbage_frequency_is_a_form_error(world):
    a, *_rest, user = world
    response = signed_in(user, a.host).post(
        fr("search_save"), {"query": "type=office", "name": "x", "frequency": "hourly"}
    )
    assert response.status_code == 400
    with platform_wide():
        assert not SavedSearch.objects.exists()


def test_the_search_page_links_to_save_it_prefilled(world):
    a, *_rest, user = world
    index = offer_index(a)
    body = (
        Client(HTTP_HOST=a.host)
        .get(index.relative_url(a.territory.site) + "?type=warehouse")
        .content.decode()
    )
    assert f"{fr('search_save')}?type=warehouse" in body
    page = signed_in(user, a.host).get(f"{fr('search_save')}?type=warehouse").content.decode()
    assert "Entrepôt" in page or "Warehouse" in page  # the name, from the filters


def test_account_changes_frequency_pauses_resumes_deletes(world):
    a, *_rest, user = world
    client = signed_in(user, a.host)
    client.post(fr("search_save"), {"query": "type=office", "name": "S", "frequency": "daily"})
    with platform_wide():
        search = SavedSearch.objects.get()
    url = fr("search_change", search.pk)
    assert client.post(url, {"action": "frequency", "frequency": "weekly"}).status_code == 302
    assert client.post(url, {"action": "frequency", "frequency": "'; DROP"}).status_code == 400
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.post(url, {"action": "pause"}).status_code == 302
    with platform_wide():
        search.refresh_from_db()
    assert search.frequency == "weekly" and not search.active
    client.post(url, {"action": "resume"})
    with platform_wide():
        search.refresh_from_db()
    assert search.active
    client.post(url, {"action": "delete"})
    with platform_wide():
        assert not SavedSearch.objects.exists()


def test_another_persons_or_territorys_search_id_is_a_404_in_every_url(world):
    a, b, *_rest, user = world
    signed_in(user, a.host).post(
        fr("search_save"), {"query": "", "name": "Mine", "frequency": "daily"}
    )
    with platform_wide():
        search = SavedSearch.objects.get()
    other = signed_in(investor("autre@example.com"), a.host)
    for action in ("delete", "pause", "resume", "frequency"):
        response = other.post(
            fr("search_change", search.pk), {"action": action, "frequency": "weekly"}
        )
        assert response.status_code == 404
    # The owner, on the other territory's site.
    owner_on_b = signed_in(user, b.host)
    assert owner_on_b.post(fr("search_change", search.pk), {"action": "delete"}).status_code == 404
    with platform_wide():
        assert SavedSearch.objects.get().active


# --- The page cache ---------------------------------------------------------------------


def test_offer_and_search_pages_stay_cached_for_anonymous_visitors(world):
    a, _b, offer_a, *_rest, user = world
    index = offer_index(a)
    for url in (offer_a.relative_url(a.territory.site), index.relative_url(a.territory.site)):
        client = Client(HTTP_HOST=a.host)
        first = client.get(url)
        assert first.get("X-Page-Cache") == "miss"
        body = first.content.decode()
        assert fr("offer_save", offer_a.pk) in body  # the save link, the same for everybody
        assert "csrfmiddlewaretoken" not in body and "saved.js" not in body
        assert Client(HTTP_HOST=a.host).get(url).get("X-Page-Cache") == "hit"
        # Signed in: rendered for them (never from nor into the cache), with the script.
        mine = signed_in(user, a.host).get(url)
        assert "X-Page-Cache" not in mine and "saved.js" in mine.content.decode()


def test_save_pages_are_never_cached(world):
    a, _b, offer_a, *_rest, user = world
    response = signed_in(user, a.host).get(fr("offer_save", offer_a.pk))
    assert "X-Page-Cache" not in response
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


# --- The account's data -----------------------------------------------------------------


def test_export_holds_saved_items_and_deletion_erases_them(world):
    a, b, offer_a, _w, offer_b, user = world
    signed_in(user, a.host).post(fr("offer_save", offer_a.pk))
    client_b = signed_in(user, b.host)
    client_b.post(fr("offer_save", offer_b.pk))
    client_b.post(fr("search_save"), {"query": "", "name": "Niort", "frequency": "weekly"})
    data = client_b.get("/fr/accounts/export/").json()
    assert {o["offer"] for o in data["saved_offers"]} == {offer_a.title, offer_b.title}
    assert [s["name"] for s in data["saved_searches"]] == ["Niort"]
    response = client_b.post(
        "/fr/accounts/delete/", {"password": PASSWORD, "confirm": "on"}, follow=False
    )
    assert response.status_code == 302
    with platform_wide():
        assert not FavouriteOffer.objects.exists() and not SavedSearch.objects.exists()
