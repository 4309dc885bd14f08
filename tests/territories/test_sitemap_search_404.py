"""The sitemaps, the 404 pages and the per-territory search: each host shows its own pages
only; the platform host has a sitemap of its directory; an unknown host's 404 leads to the
directory."""

import xml.etree.ElementTree as ET

import pytest
from django.test import TestCase, override_settings
from django.utils import translation

from attractiveness.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", NS)]


def _news(tenant, title, slug, language="fr", **fields):
    home = tenant.territory.site.root_page
    if language != "fr":
        home = home.get_translations().get(locale__language_code=language)
    index = NewsIndexPage.objects.child_of(home).get()
    page = NewsPage(title=title, slug=slug, summary=fields.pop("summary", "Résumé"), **fields)
    # With REDIS_URL the search index is updated by a task sent on commit: run it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        index.add_child(instance=page)
        page.save_revision().publish()
    return page


@override_settings(TERRITORIA_PLATFORM_URL="http://localhost")
def test_platform_sitemap_lists_the_directory_only(client, two_territories):
    locations = _locations(client.get("/sitemap.xml", HTTP_HOST="localhost"))
    assert locations == ["http://localhost/fr/", "http://localhost/en/"]


def test_territory_sitemap_lists_its_own_pages_in_every_language(client, two_territories):
    lyonne, sevre = two_territories
    _news(lyonne, "Ouverture du parc", "ouverture-parc")
    _news(lyonne, "Park opening", "park-opening", language="en")
    _news(sevre, "Foire de Sèvre", "foire-sevre")
    locations = _locations(client.get("/sitemap.xml", HTTP_HOST=lyonne.host))
    assert "http://lyonne.test/fr/" in locations
    assert "http://lyonne.test/fr/actualites/ouverture-parc/" in locations
    assert "http://lyonne.test/en/news/park-opening/" in locations
    assert all(url.startswith("http://lyonne.test/") for url in locations), locations
    assert not any("foire-sevre" in url for url in locations)
    other = _locations(client.get("/sitemap.xml", HTTP_HOST=sevre.host))
    assert "http://sevre.test/fr/actualites/foire-sevre/" in other
    assert not any("ouverture-parc" in url or "park-opening" in url for url in other)


def test_drafts_are_not_in_the_sitemap(client, two_territories):
    lyonne = two_territories[0]
    index = NewsIndexPage.objects.child_of(lyonne.territory.site.root_page).get()
    index.add_child(instance=NewsPage(title="Brouillon", slug="brouillon", summary="s", live=False))
    locations = _locations(client.get("/sitemap.xml", HTTP_HOST=lyonne.host))
    assert not any("brouillon" in url for url in locations)


def test_territory_404_has_its_header_footer_and_a_search_box(client, two_territories):
    lyonne, sevre = two_territories
    response = client.get("/fr/cette-page-n-existe-pas/", HTTP_HOST=lyonne.host)
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    assert lyonne.territory.name in body and sevre.territory.name not in body
    with translation.override("fr"):
        from django.urls import reverse

        search_url = reverse("search")
    assert f'action="{search_url}"' in body and 'name="q"' in body
    assert 'role="search"' in body
    assert 'name="robots" content="noindex"' in body


@override_settings(
    TERRITORIA_PLATFORM_HOSTS=["territoria.test"], TERRITORIA_PLATFORM_URL="http://territoria.test"
)
def test_unknown_host_404_links_the_directory(client, two_territories):
    response = client.get("/fr/", HTTP_HOST="nulle-part.test")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'href="http://territoria.test/"' in body
    assert all(t.territory.name not in body for t in two_territories)
    # The platform's configured URL, not the port the visitor typed.
    response = client.get("/fr/", HTTP_HOST="nulle-part.test:8000")
    assert 'href="http://territoria.test/"' in response.content.decode()


# --- Search -------------------------------------------------------------------------------


def _search(client, tenant, query, language="fr"):
    from django.urls import reverse

    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": query}, HTTP_HOST=tenant.host)


def test_search_finds_the_territorys_own_pages(client, two_territories):
    lyonne, sevre = two_territories
    _news(lyonne, "Hydrogène vert à Lyonne", "hydrogene-lyonne", summary="Électrolyseur")
    _news(sevre, "Hydrogène vert en Sèvre", "hydrogene-sevre", summary="Électrolyseur")
    response = _search(client, lyonne, "hydrogène")
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"]]
    assert titles == ["Hydrogène vert à Lyonne"]
    body = response.content.decode()
    assert "/fr/actualites/hydrogene-lyonne/" in body
    assert "hydrogene-sevre" not in body


def test_search_never_returns_another_territorys_pages(client, three_territories):
    """Each territory has a page with the same word; each host finds exactly its own."""
    for tenant in three_territories:
        _news(tenant, f"Gigafactory {tenant.territory.name}", f"giga-{tenant.territory.slug}")
    for tenant in three_territories:
        results = _search(client, tenant, "gigafactory").context["results"]
        assert [page.title for page in results] == [f"Gigafactory {tenant.territory.name}"]
        assert all(page.get_site().pk == tenant.territory.site_id for page in results)


def test_search_stays_in_the_current_language(client, two_territories):
    lyonne = two_territories[0]
    _news(lyonne, "Technopole fr", "technopole-fr")
    _news(lyonne, "Technopole en", "technopole-en", language="en")
    fr = _search(client, lyonne, "technopole").context["results"]
    en = _search(client, lyonne, "technopole", language="en").context["results"]
    assert [p.title for p in fr] == ["Technopole fr"]
    assert [p.title for p in en] == ["Technopole en"]


def test_search_leaves_out_drafts_and_private_pages(client, two_territories):
    from wagtail.models import PageViewRestriction

    lyonne = two_territories[0]
    secret = _news(lyonne, "Pépinière secrète", "pepiniere-secrete")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    index = NewsIndexPage.objects.child_of(lyonne.territory.site.root_page).get()
    index.add_child(
        instance=NewsPage(title="Pépinière brouillon", slug="pb", summary="s", live=False)
    )
    assert _search(client, lyonne, "pépinière").context["results"] == []


def test_french_stemming_without_accents_on_postgresql(client, two_territories):
    """PostgreSQL's ``territoria_french`` configuration (unaccent, then the French stemmer):
    a visitor typing on a phone without accents, or in the plural, still finds the page."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("French stemming with unaccent is PostgreSQL's: set DATABASE_URL (CI does)")
    lyonne, sevre = two_territories
    _news(lyonne, "Énergie renouvelable", "energie", summary="Une coopérative pionnière")
    _news(sevre, "Énergie en Sèvre", "energie-sevre", summary="Des coopératives")
    for query in ("energie", "ÉNERGIES", "cooperatives", "pionniere", "Energies renouvelables"):
        results = _search(client, lyonne, query).context["results"]
        assert [page.slug for page in results] == ["energie"], query
    assert _search(client, lyonne, "hydrogène").context["results"] == []


def test_broken_percent_encoding_in_the_query_is_never_a_500(live_server, two_territories):
    """Through a real HTTP request (the test client would decode the URL itself)."""
    import http.client
    import urllib.parse

    lyonne = two_territories[0]
    _news(lyonne, "Parc d'activités", "parc")
    address = urllib.parse.urlsplit(live_server.url)
    for raw in ("%ZZ", "%C3", "%C3%28", "%00parc", "parc%", "%" * 30, "p%E9pini%E8re"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request("GET", f"/fr/recherche/?q={raw}", headers={"Host": lyonne.host})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        assert response.status in (200, 400), (raw, response.status)
        assert "<html" in body and "Traceback" not in body, raw


HOSTILE = [
    "a\x00b",
    "' OR 1=1 --",
    '"unbalanced',
    "&|!:*()<>",
    "a & | !(",
    "NEAR(a b)",
    "   ",
    "ü" * 50,
]


def test_hostile_queries_get_a_page_never_a_500(client, two_territories):
    """Pages and companies (the directory's, home/search.py's search groups)."""
    from attractiveness.models import Company
    from tests.factories.owned import OWNED_FACTORIES

    _news(two_territories[0], "Parc d'activités", "parc")
    OWNED_FACTORIES[Company](territory=two_territories[0].territory, name="Parc a b")
    for query in HOSTILE:
        response = _search(client, two_territories[0], query)
        assert response.status_code in (200, 400), query
        if response.status_code == 400:
            assert 'aria-invalid="true"' in response.content.decode()
    quoted = _search(client, two_territories[0], '"parc').context["results"]
    assert [page.slug for page in quoted] == ["parc"]


def test_too_long_query_is_a_400_with_a_message(client, two_territories):
    response = _search(client, two_territories[0], "x" * 201)
    assert response.status_code == 400
    assert 'id="search-q_error"' in response.content.decode()


def test_search_is_not_on_the_platform_host(client, two_territories):
    from django.urls import reverse

    with translation.override("fr"):
        url = reverse("search")
    assert client.get(url, {"q": "x"}, HTTP_HOST="localhost").status_code == 404


def test_search_results_are_not_stored_in_the_page_cache(client, two_territories):
    lyonne = two_territories[0]
    _search(client, lyonne, "parc")
    assert _search(client, lyonne, "parc").get("X-Page-Cache") != "hit"


XHTML = "{http://www.w3.org/1999/xhtml}link"


def _alternates(response) -> dict[str, dict[str, str]]:
    urls = ET.fromstring(response.content).findall("s:url", NS)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.iter(XHTML)
        }
        for url in urls
    }


def test_each_page_lists_its_live_versions_as_hreflang_alternates(client, two_territories):
    from wagtail.models import Locale

    lyonne, _sevre = two_territories
    french = _news(lyonne, "Ouverture du parc", "ouverture-parc")
    english = french.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = "Park opening", "park-opening"
    english.save_revision().publish()
    lonely = _news(lyonne, "Seulement en français", "seulement-fr")
    draft = lonely.copy_for_translation(Locale.objects.get(language_code="en"))  # not live
    assert not draft.live

    alternates = _alternates(client.get("/sitemap.xml", HTTP_HOST=lyonne.host))
    versions = {
        "fr": "http://lyonne.test/fr/actualites/ouverture-parc/",
        "en": "http://lyonne.test/en/news/park-opening/",
    }
    assert alternates[versions["fr"]] == versions
    assert alternates[versions["en"]] == versions
    assert alternates["http://lyonne.test/fr/actualites/seulement-fr/"] == {}, "no live version"
    assert alternates["http://lyonne.test/fr/"]["en"] == "http://lyonne.test/en/"
