"""Companies in the site search (docs/directory.md, "Search"): the territory's open
companies only, matched without case or accents, five shown with a link to all of them in
the directory (filtered by the same words), hostile queries, and a constant number of
queries whatever the number of companies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from attractiveness.companies import CompanyDirectoryPage
from attractiveness.company_selectors import IN_SITE_SEARCH
from attractiveness.models import Company
from tests.factories.owned import _ecosystem

from .company_helpers import make_siret
from .test_companies_page import add, directory, get, url

pytestmark = pytest.mark.django_db


def search(client, tenant, query, language="fr"):
    with translation.override(language):
        path = reverse("search")
    return client.get(path, {"q": query}, HTTP_HOST=tenant.host)


def companies(response) -> list[Company]:
    groups = {group["key"]: group["context"] for group in response.context["groups"]}
    return groups.get("companies", {}).get("companies", [])


def names(response) -> list[str]:
    return [company.name for company in companies(response)]


def test_only_the_territorys_open_companies(client, two_territories):
    own, other = two_territories
    mine = add(own, 1, name="Boulangerie Léon")
    add(own, 2, name="Boulangerie Léon fermée", active=False)
    theirs = add(other, 3, name="Boulangerie Léon")
    response = search(client, own, "boulangerie leon")
    assert response.status_code == 200
    assert [c.pk for c in companies(response)] == [mine.pk]
    text = response.content.decode()
    assert "fermée" not in text
    assert f"#company-{mine.pk}" in text and f"#company-{theirs.pk}" not in text
    assert f"{url(own)}?q=Boulangerie+L%C3%A9on#company-{mine.pk}" in text
    assert 'aria-labelledby="search-companies-title"' in text and "<h2" in text
    assert [c.pk for c in companies(search(client, other, "boulangerie leon"))] == [theirs.pk]


def test_name_activity_and_commune_match_without_case_or_accents(client, two_territories):
    own, _other = two_territories
    digital = _ecosystem(own.territory, "NUM")
    add(own, 1, name="Atelier Émile", commune="Saint-Étienne").filieres.add(digital)
    for query in ("atelier emile", "ÉMILE", "programmation", "saint etienne", "st-étienne"[3:]):
        assert names(search(client, own, query)) == ["Atelier Émile"], query
    assert names(search(client, own, "zorglub")) == []
    text = search(client, own, "emile").content.decode()
    assert "Programmation informatique · Saint-Étienne" in text
    assert digital.title in text


def test_five_shown_and_the_rest_in_the_directory(client, two_territories):
    own, _other = two_territories
    for n in range(IN_SITE_SEARCH + 2):
        add(own, n, name=f"Menuiserie {n}")
    add(own, 50, name="Garage Central")
    response = search(client, own, "menuiserie")
    assert len(companies(response)) == IN_SITE_SEARCH
    text = response.content.decode()
    link = f"{url(own)}?q=menuiserie"
    assert f'href="{link}"' in text and "Voir toutes les entreprises" in text
    listed = get(client, own, q="menuiserie").content.decode()
    assert f"{IN_SITE_SEARCH + 2} entreprises" in listed
    assert "Garage Central" not in listed
    assert 'value="menuiserie"' in listed


def test_the_english_search_links_to_the_english_directory(client, two_territories):
    own, _other = two_territories
    add(own, 1, name="Tannerie Dubois")
    text = search(client, own, "tannerie", language="en").content.decode()
    assert "Companies" in text and f"{url(own, 'en')}?q=Tannerie+Dubois" in text


def test_no_directory_no_companies(client, two_territories):
    own, _other = two_territories
    add(own, 1, name="Tannerie Dubois")
    directory(own).unpublish()
    assert search(client, own, "tannerie").context["groups"] == []


HOSTILE = ["a & | !(", "'; DROP TABLE x; --", "a\x00b", "&|!:*()<>", "ü" * 50, "-", "Le"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer(client, two_territories, query):
    own, _other = two_territories
    add(own, 1, name="Atelier a b")
    response = search(client, own, query)
    assert response.status_code in (200, 400), query
    listed = get(client, own, q=query)
    assert listed.status_code == 200, query


def test_a_10000_character_query(client, two_territories):
    own, _other = two_territories
    add(own, 1, name="Atelier")
    assert search(client, own, "atelier " * 1250).status_code == 400  # the form's 200
    listed = get(client, own, q="atelier " * 1250)
    assert listed.status_code == 200 and "1 entreprise" in listed.content.decode()


def test_bulk_writes_keep_the_search_right(client, two_territories):
    own, _other = two_territories
    company = add(own, 1, name="Ancien nom")
    company.name = "Scierie Nouvelle"
    Company.objects.bulk_update([company], ["name"])
    assert names(search(client, own, "scierie")) == ["Scierie Nouvelle"]
    assert names(search(client, own, "ancien")) == []


def _queries(client, tenant, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert search(client, tenant, query).status_code == 200
    return len(captured)


def test_the_search_costs_the_same_queries_for_5_or_500_companies(client, two_territories):
    own, _other = two_territories
    digital = _ecosystem(own.territory, "NUM")
    for n in range(5):
        add(own, n, name=f"Entreprise {n}").filieres.add(digital)
    search(client, own, "entreprise")  # the first request fills the site's caches
    few = _queries(client, own, "entreprise"), _queries(client, own, "lyon programmation")
    made = Company.objects.bulk_create(
        Company(
            territory=own.territory,
            siret=make_siret(n),
            siren=make_siret(n)[:9],
            name=f"Entreprise {n}",
            naf_code="62.01Z",
            naf_label="Programmation informatique",
            commune="Lyon",
        )
        for n in range(100, 595)
    )
    Company.filieres.through.objects.bulk_create(
        Company.filieres.through(company_id=c.pk, ecosystempage_id=digital.pk) for c in made
    )
    assert Company.objects.filter(territory=own.territory).count() == 500
    assert (_queries(client, own, "entreprise"), _queries(client, own, "lyon programmation")) == few
    assert isinstance(directory(own), CompanyDirectoryPage)


def test_french_stemming_on_postgresql(client, two_territories):
    if connection.vendor != "postgresql":
        pytest.skip("the generated search vector is PostgreSQL's: set DATABASE_URL (CI does)")
    own, other = two_territories
    add(own, 1, name="Boulangerie Léon", commune="Saint-Étienne")
    add(other, 2, name="Boulangerie Léon", commune="Saint-Étienne")
    for query in ("boulangeries", "BOULANGERIE LEON", "saint etienne", "programmations"):
        assert names(search(client, own, query)) == ["Boulangerie Léon"], query
    assert names(search(client, own, "boulangerie zorglub")) == []
