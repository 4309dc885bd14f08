"""The public company directory: filters, pagination, cards, JSON-LD, the map's data, the
number of queries, and isolation between territories."""

import gzip
import json
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from stdnum.fr import siret as stdnum_siret

from attractiveness.models import Company, CompanyDirectoryPage
from tests.factories.owned import OWNED_FACTORIES, _ecosystem

from .company_helpers import make_siret

pytestmark = pytest.mark.django_db


def directory(tenant, language="fr") -> CompanyDirectoryPage:
    home = tenant.territory.site.root_page
    french = CompanyDirectoryPage.objects.descendant_of(home).get()
    return CompanyDirectoryPage.objects.get(
        translation_key=french.translation_key, locale__language_code=language
    )


def url(tenant, language="fr") -> str:
    return directory(tenant, language).relative_url(tenant.territory.site)


def add(tenant, n: int, **values) -> Company:
    fields = {
        "territory": tenant.territory,
        "siret": make_siret(n),
        "name": f"Entreprise {n:03d}",
        "latitude": Decimal("45.75") + Decimal(n) / 1000,
        "longitude": Decimal("4.85"),
        **values,
    }
    return OWNED_FACTORIES[Company](**fields)


def get(client, tenant, path="", headers=None, **params):
    return client.get(url(tenant) + path, params, HTTP_HOST=tenant.host, **(headers or {}))


def test_the_section_exists_in_both_languages(two_territories):
    own, _other = two_territories
    assert url(own, "fr").endswith("/fr/annuaire-des-entreprises/")
    assert url(own, "en").endswith("/en/company-directory/")
    assert directory(own).title == "Annuaire des entreprises"
    assert directory(own, "en").title == "Company directory"


def test_filters_cards_and_pagination(client, two_territories):
    own, other = two_territories
    digital = _ecosystem(own.territory, "NUM")
    for n in range(1, 26):
        add(own, n, headcount_band="12" if n % 2 else "21", website="https://example.org")
    villeurbanne = add(own, 30, name="Ville Corp", commune="Villeurbanne", commune_insee="69266")
    villeurbanne.filieres.add(digital)
    add(own, 31, name="Closed Corp", active=False)
    add(other, 40, name="Their Corp")

    page = get(client, own)
    text = page.content.decode()
    assert page.status_code == 200
    assert "26 entreprises" in text
    assert "Closed Corp" not in text and "Their Corp" not in text
    assert text.count('class="card company-card"') == 20
    assert "Programmation informatique" in text and "20 à 49 salariés" in text
    assert 'href="https://example.org" rel="nofollow noopener external"' in text
    assert "page=2" in text

    second = get(client, own, page="2").content.decode()
    assert second.count('class="card company-card"') == 6

    by_commune = get(client, own, commune="69266").content.decode()
    assert "1 entreprise" in by_commune and "Ville Corp" in by_commune
    by_band = get(client, own, band="21").content.decode()
    assert "12 entreprises" in by_band
    by_filiere = get(client, own, filiere=str(digital.pk)).content.decode()
    assert "1 entreprise" in by_filiere and "NUM filière" in by_filiere


def test_hostile_parameters_are_dropped_and_named(client, two_territories):
    own, other = two_territories
    add(own, 1)
    theirs = _ecosystem(other.territory, "THEIRS")
    for params in (
        {"filiere": str(theirs.pk)},
        {"filiere": "x" * 10_000},
        {"band": "99"},
        {"commune": "<script>"},
        {"page": "10000000000"},
        {"page": "-1"},
        {"filiere": "1\x00"},
    ):
        response = get(client, own, **params)
        assert response.status_code == 200, params
        text = response.content.decode()
        assert "1 entreprise" in text, params
        assert "<script>" not in text.split("<main", 1)[-1].split("</main>")[0]
    assert "THEIRS" not in get(client, own, filiere=str(theirs.pk)).content.decode()


def test_hostile_text_is_escaped(client, two_territories):
    own, _other = two_territories
    add(own, 1, name='<img src=x onerror="alert(1)">', naf_label="<script>alert(1)</script>")
    text = get(client, own).content.decode()
    assert "<img src=x" not in text and "&lt;img src=x" in text
    assert "<script>alert(1)</script>" not in text


def test_company_jsonld_is_a_schema_org_organization(two_territories):
    own, _other = two_territories
    company = add(own, 1, website="https://example.org", headcount_band="21", address="1 rue X")
    data = company.as_jsonld()
    assert data["@context"] == "https://schema.org" and data["@type"] == "Organization"
    assert data["name"] == company.name and data["url"] == "https://example.org"
    assert {"@type": "PropertyValue", "propertyID": "SIRET", "value": company.siret} in data[
        "identifier"
    ]
    assert stdnum_siret.is_valid(company.siret)
    assert data["numberOfEmployees"] == {
        "@type": "QuantitativeValue",
        "minValue": 50,
        "maxValue": 99,
    }
    assert data["address"]["@type"] == "PostalAddress"
    assert data["address"]["addressLocality"] == "Lyon"
    assert data["location"]["geo"]["@type"] == "GeoCoordinates"
    json.dumps(data)  # serialisable as it is
    request = RequestFactory().get("/", HTTP_HOST=own.host)
    request.territory = own.territory
    nodes = directory(own).jsonld(request)
    assert [node["@type"] for node in nodes[:2]] == ["WebPage", "BreadcrumbList"]
    assert [node for node in nodes if node["@type"] == "Organization"] == [data]


def _queries(client, tenant, **params) -> int:
    get(client, tenant, warm="1")
    with CaptureQueriesContext(connection) as captured:
        response = get(client, tenant, probe=str(random.random()), **params)
    assert response.status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_5_or_50_companies(client, two_territories):
    own, _other = two_territories
    digital = _ecosystem(own.territory, "NUM")
    for n in range(5):
        add(own, n, commune_insee=f"6912{n % 3}").filieres.add(digital)
    few = _queries(client, own), _queries(client, own, filiere=str(digital.pk), band="12")
    for n in range(5, 50):
        add(own, n, commune_insee=f"6912{n % 9}").filieres.add(digital)
    assert (_queries(client, own), _queries(client, own, filiere=str(digital.pk), band="12")) == few


def test_the_map_data_is_compact_and_costs_the_same_queries(client, two_territories):
    own, other = two_territories
    add(own, 1, name="North", latitude=Decimal("45.8"), longitude=Decimal("4.9"))
    add(own, 2, name="South", latitude=Decimal("45.7"), longitude=Decimal("4.8"))
    add(own, 3, name="Nowhere", latitude=None, longitude=None)
    add(own, 4, name="Closed", active=False)
    add(other, 5, name="Theirs")
    response = get(client, own, "map/")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert data["name"] == ["South", "North"]
    assert data["lat"] == [457000, 1000] and data["lon"] == [48000, 49000]
    assert data["communes"] == ["Lyon"] and data["commune"] == [0, 0]
    with CaptureQueriesContext(connection) as few:
        get(client, own, "map/")
    for n in range(10, 60):
        add(own, n)
    with CaptureQueriesContext(connection) as many:
        get(client, own, "map/")
    assert len(many) == len(few)


def test_the_map_data_of_10000_companies_is_under_500_kb(client, two_territories):
    own, _other = two_territories
    rng = random.Random(10_000)
    words = [
        "Atelier",
        "Laboratoires",
        "Rhône",
        "Confluence",
        "Numérique",
        "Chimie",
        "Bois",
        "Industries",
        "Conseil",
        "Logistique",
        "Fromagerie",
        "Composites",
        "Services",
    ]
    communes = [(f"69{n:03d}", f"Commune {n}") for n in range(60)]
    Company.objects.bulk_create(
        Company(
            territory=own.territory,
            siret=make_siret(n),
            siren=make_siret(n)[:9],
            name=" ".join(rng.sample(words, 3)) + rng.choice([" SAS", " SARL", ""]),
            naf_code="62.01Z",
            headcount_band=rng.choice(["01", "02", "03", "11", "12", "21"]),
            commune_insee=(commune := rng.choice(communes))[0],
            commune=commune[1],
            latitude=Decimal(f"{rng.uniform(45.5, 46.0):.5f}"),
            longitude=Decimal(f"{rng.uniform(4.6, 5.1):.5f}"),
        )
        for n in range(10_000)
    )
    response = get(client, own, "map/")
    assert len(json.loads(response.content)["name"]) == 10_000
    assert len(response.content) < 500_000, len(response.content)
    zipped = get(client, own, "map/", headers={"HTTP_ACCEPT_ENCODING": "gzip"})
    assert zipped["Content-Encoding"] == "gzip" and len(zipped.content) < 150_000
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(response.content)
