"""Hostile query strings and URLs answer 200, 400 or 404, never 500: the admin's page search
and the admin API with hundreds of words or a bogus operator (territories/overrides/
input.py), image previews with a malformed filter spec, the sitemaps of every kind of host,
the public search and listings with junk parameters."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from attractiveness.models import Company, NewsIndexPage
from territories.overrides.input import MAX_SEARCH_TERMS, bounded
from tests.factories.owned import OWNED_FACTORIES
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(f"mot{i}" for i in range(800))
QUERIES = [
    MANY_WORDS,
    " ".join(["OR"] * 500),
    " ".join(["AND", "NOT"] * 300),
    " ".join(f'"phrase {i}"' for i in range(300)),
    '"non fermé',
    "\u202e\u0000é" * 50,
]


def _client(user) -> Client:
    client = admin_client(user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_admin_page_search_survives_hostile_queries(two_territories, query):
    lyonne = two_territories[0]
    response = _client(lyonne.editor).get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_admin_api_search_survives_hostile_queries(two_territories, query):
    lyonne = two_territories[0]
    response = _client(lyonne.editor).get("/admin/api/main/pages/", {"search": query})
    assert response.status_code == 200
    assert "items" in response.json()


def test_a_long_query_still_finds_with_its_first_words(two_territories, superuser):
    lyonne = two_territories[0]
    home = lyonne.territory.site.root_page
    words = f"{home.title} " + MANY_WORDS
    response = _client(superuser).get(
        "/admin/api/main/pages/", {"search": words, "search_operator": "or"}
    )
    assert response.status_code == 200
    assert home.pk in [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("operator", ["bogus", "xor", "", "AND OR"])
def test_admin_api_refuses_an_unknown_search_operator(two_territories, operator):
    lyonne = two_territories[0]
    response = _client(lyonne.editor).get(
        "/admin/api/main/pages/", {"search": "parc", "search_operator": operator}
    )
    assert response.status_code == 400
    assert "search_operator" in json.loads(response.content)["message"]


def test_bounded_keeps_the_first_words_only():
    from modelsearch.query import And, Phrase, PlainText

    assert bounded(MANY_WORDS).split() == MANY_WORDS.split()[:MAX_SEARCH_TERMS]
    tree = bounded(And([PlainText(MANY_WORDS)] + [Phrase(str(i)) for i in range(100)]))
    assert len(tree.subqueries) == MAX_SEARCH_TERMS
    assert len(tree.subqueries[0].query_string.split()) == MAX_SEARCH_TERMS


@pytest.mark.parametrize(
    "spec",
    ["fill-0x0", "fill-0x10", "fill-10x0", "fill-abc", "fill-10x10-cx", "bogus", "scale-0"],
)
def test_image_preview_with_a_malformed_filter_spec_is_a_400(superuser, spec):
    image = Image.objects.create(title="Carte", file=get_test_image_file())
    response = _client(superuser).get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400


def test_image_preview_with_a_valid_spec_still_renders(superuser):
    image = Image.objects.create(title="Carte", file=get_test_image_file())
    response = _client(superuser).get(f"/admin/images/{image.pk}/preview/fill-10x10/")
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["localhost", "lyonne.test", "inconnu.test"])
@pytest.mark.parametrize("query", ["", "?p=abc", "?p=999999", "?p=-1", "?section=x"])
def test_every_sitemap_answers_without_a_500(two_territories, host, query):
    response = Client(raise_request_exception=False).get(f"/sitemap.xml{query}", HTTP_HOST=host)
    if host == "inconnu.test":
        assert response.status_code == 404
        return
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 200:
        ET.fromstring(response.content)  # well-formed XML


@pytest.mark.parametrize(
    "query",
    [
        "?q=" + "%ED%B3%BF%00%FF" * 30,
        "?q=" + "a" * 5000,
        "?q=" + "a+" * 5000,  # 10,000 characters
        "?q=" + "+".join(["OR"] * 100),
        "?q=a+%26+%7C+%21%28",  # tsquery syntax: a & | !(
        "?q=%27%3B+DROP+TABLE+x%3B+--",
        "?q=x&page=abc",
        "?q[]=x&q=y",
    ],
)
def test_public_search_with_junk_is_200_or_400(two_territories, query):
    """Pages and the company directory's companies (a company matches the plain words)."""
    lyonne = two_territories[0]
    OWNED_FACTORIES[Company](territory=lyonne.territory, name="A OR a x y")
    response = Client(raise_request_exception=False).get(
        f"/fr/recherche/{query}", HTTP_HOST=lyonne.host
    )
    assert response.status_code in (200, 400), response.status_code


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=999999", "?page=-1", "?page=1e9", "?tag=%00", "?%ff=%fe"]
)
def test_listings_with_junk_parameters_answer(two_territories, query):
    lyonne = two_territories[0]
    index = NewsIndexPage.objects.child_of(lyonne.territory.site.root_page).get()
    url = index.relative_url(lyonne.territory.site)
    response = Client(raise_request_exception=False).get(url + query, HTTP_HOST=lyonne.host)
    assert response.status_code in (200, 404), response.status_code


@pytest.mark.parametrize("path", ["/fr/" + "a" * 5000 + "/", "/fr/%ff%fe/", "/fr/..%2f..%2f/"])
def test_strange_public_urls_are_404(two_territories, path):
    lyonne = two_territories[0]
    response = Client(raise_request_exception=False).get(path, HTTP_HOST=lyonne.host)
    assert response.status_code == 404
