"""Promoted search results: each territory's team puts answers first for a query; they never
show on another territory's site, never point at a draft, private or foreign page, and an
editor of one territory can neither see nor make another's."""

import pytest
from django.urls import reverse
from django.utils import translation

from home.models import SearchPromotion
from home.search import search_key
from tests.territories.isolation_world import admin_client, is_denied
from tests.territories.test_sitemap_search_404 import _news, _search

pytestmark = pytest.mark.django_db

URLS = "wagtailsnippets_home_searchpromotion"


def promote(tenant, query="foncier", **fields) -> SearchPromotion:
    fields.setdefault("external_url", "" if "page" in fields else "https://example.org/aides")
    fields.setdefault("title", "" if "page" in fields else "Les aides à l'implantation")
    return SearchPromotion.objects.create(territory=tenant.territory, query=query, **fields)


def promoted(response) -> list[str]:
    assert response.status_code == 200
    return [item.display_title for item in response.context["promoted"]]


def test_the_key_is_the_words_without_case_or_accents():
    assert search_key("  Énergie  renouvelable !") == "energie renouvelable"
    assert search_key("FONCIÉR") == "foncier"
    assert search_key("' OR 1=1 --") == "or 1 1"
    assert search_key("!!!") == ""


def test_a_promoted_page_comes_first_and_is_not_repeated_below(client, two_territories):
    own, _other = two_territories
    park = _news(own, "Parc d'activités du foncier", "parc", summary="Du foncier disponible")
    other_hit = _news(own, "Foncier agricole", "agricole", summary="Du foncier agricole")
    promote(own, "Foncier", page=park, description="Terrains viabilisés")

    response = _search(client, own, "FONCIÉR")
    assert promoted(response) == ["Parc d'activités du foncier"]
    assert [page.pk for page in response.context["results"]] == [other_hit.pk]
    html = response.content.decode()
    assert html.index("Terrains viabilisés") < html.index("Foncier agricole")


def test_promotions_stay_on_their_territory_and_language(client, two_territories):
    own, other = two_territories
    promote(own, "aides", title="Aides A")
    promote(own, "aides", title="Aides A, English only", language="en")
    assert promoted(_search(client, own, "aides")) == ["Aides A"]
    assert promoted(_search(client, own, "aides", language="en")) == [
        "Aides A",
        "Aides A, English only",
    ]
    assert promoted(_search(client, other, "aides")) == []


def test_a_promoted_page_is_shown_only_while_live_and_public(client, two_territories):
    own, other = two_territories
    page = _news(own, "Salon de l'immobilier d'entreprise", "salon")
    promote(own, "salon", page=page)
    assert promoted(_search(client, own, "salon")) == ["Salon de l'immobilier d'entreprise"]
    page.unpublish()
    assert promoted(_search(client, own, "salon")) == []

    # A row that names another territory's page (made behind the admin's back) shows nothing.
    theirs = _news(other, "Salon de Sèvre", "salon-sevre")
    SearchPromotion.objects.filter(territory=own.territory).update(page=theirs)
    assert promoted(_search(client, own, "salon")) == []


def form(**fields) -> dict:
    data = {
        "query": "foncier",
        "language": "",
        "page": "",
        "external_url": "",
        "title": "",
        "description": "",
        "sort_order": "0",
    }
    data.update(fields)
    return data


def test_an_editor_adds_one_and_hostile_input_is_refused_with_a_message(two_territories):
    own, other = two_territories
    editor = admin_client(own.editor)
    add = reverse(f"{URLS}:add")
    theirs = _news(other, "Page de Sèvre", "page-sevre")
    cases = {
        "another territory's page": form(page=str(theirs.pk)),
        "a page id that does not exist": form(page="987654321"),
        "a page id that is no number": form(page="1 OR 1=1"),
        "a javascript: link": form(external_url="javascript:alert(1)", title="x"),
        "both a page and a link": form(
            page=str(own.territory.site.root_page_id), external_url="https://example.org"
        ),
        "neither": form(),
        "a link without a title": form(external_url="https://example.org"),
        "no word": form(query="?!", external_url="https://example.org", title="t"),
        "another territory": form(
            territory=str(other.territory.pk), external_url="https://example.org", title="t"
        ),
    }
    for case, data in cases.items():
        data.setdefault("territory", str(own.territory.pk))
        response = editor.post(add, data)
        assert response.status_code == 200, case
        assert response.context["form"].errors, case
    assert not SearchPromotion.objects.exists()

    data = form(external_url="https://example.org/aides", title="<script>alert(1)</script>")
    response = editor.post(add, {**data, "territory": str(own.territory.pk)})
    assert response.status_code == 302
    made = SearchPromotion.objects.get()
    assert made.territory == own.territory and made.query_key == "foncier"


def test_hostile_text_is_escaped_on_the_search_page(client, two_territories):
    own = two_territories[0]
    promote(own, "aides", title='<script>alert("t")</script>', description="<img src=x onerror=1>")
    html = _search(client, own, "aides").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_another_territorys_editor_neither_sees_nor_changes_them(two_territories):
    own, other = two_territories
    mine = promote(own, "aides", title="ZMINE")
    theirs = admin_client(other.editor)
    listing = theirs.get(reverse(f"{URLS}:list"))
    assert listing.status_code == 200 and "ZMINE" not in listing.content.decode()
    assert is_denied(theirs.get(reverse(f"{URLS}:edit", args=[mine.pk])))
    assert is_denied(theirs.post(reverse(f"{URLS}:delete", args=[mine.pk])))
    assert SearchPromotion.objects.filter(pk=mine.pk).exists()


def test_the_search_page_with_promotions_answers_in_english_too(client, two_territories):
    own = two_territories[0]
    promote(own, "grants", title="Regional grants", language="en")
    with translation.override("en"):
        response = _search(client, own, "grants", language="en")
    assert "Recommended" in response.content.decode()
