"""TerritoryMiddleware: every request belongs to one live territory or to the platform host;
anything else is a 4xx that shows nothing of any territory."""

import pytest
from django.test import override_settings

from territories.services import territory_archive

pytestmark = pytest.mark.django_db

PATHS = ["/", "/fr/", "/en/", "/fr/actualites/", "/fr/contact/", "/admin/", "/sitemap.xml"]


def assert_no_territory_page(response, *tenants):
    assert response.status_code == 404
    assert response.context["unknown_host"] is True
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    for tenant in tenants:
        assert tenant.territory.name not in body
        assert tenant.host not in body


def test_unknown_host_gets_the_no_territory_404(client, two_territories):
    for path in PATHS:
        assert_no_territory_page(client.get(path, HTTP_HOST="unknown.test"), *two_territories)


@override_settings(ALLOWED_HOSTS=[".test", "localhost"])
def test_forged_host_header_is_a_400(client, two_territories):
    for host in ("evil.example", "lyonne.test.evil.example", "lyonne.test:x", "a b", ""):
        response = client.get("/fr/", HTTP_HOST=host)
        assert response.status_code == 400, host
        assert two_territories[0].territory.name not in response.content.decode()


def test_spellings_of_a_known_host_reach_that_territory(client, two_territories):
    a, b = two_territories
    for host in ("LYONNE.TEST", "lyonne.test:8000", "lyonne.test."):
        response = client.get("/fr/", HTTP_HOST=host)
        assert response.status_code == 200, host
        body = response.content.decode()
        assert a.territory.name in body and b.territory.name not in body


def test_archived_territory_answers_404_and_the_others_stay_up(client, two_territories):
    a, b = two_territories
    assert client.get("/fr/", HTTP_HOST=a.host).status_code == 200  # cached host lookup
    territory_archive(territory=a.territory)
    for path in PATHS:
        assert_no_territory_page(client.get(path, HTTP_HOST=a.host), a)
    assert client.get("/fr/", HTTP_HOST=b.host).status_code == 200


def test_platform_host_lists_the_live_territories_only(client, three_territories):
    a, b, c = three_territories
    territory_archive(territory=c.territory)
    response = client.get("/fr/", HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.content.decode()
    assert a.territory.name in body and b.territory.name in body
    assert c.territory.name not in body
    assert f"http://{a.host}/" in body
    assert list(response.context["territories"]) == [a.territory, b.territory]  # by name


def test_platform_root_redirects_to_the_language(client, two_territories):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


ODD_PATHS = [
    "/fr/%00/",
    "/fr/..%2f..%2fetc/passwd",
    "/fr/" + "a" * 2000 + "/",
    "/fr/?page=-1",
    "/fr/actualites/?page=abc",
    "/%C0%AE/",
    "/robots.txt",
    "/brand.css",
    "/healthz",
]


def test_odd_requests_never_raise_a_500(client, two_territories):
    client.raise_request_exception = False
    failures = []
    for host in ("lyonne.test", "localhost", "unknown.test"):
        for path in ODD_PATHS:
            status = client.get(path, HTTP_HOST=host).status_code
            if status >= 500:
                failures.append((host, path, status))
    assert failures == []
