import pytest

from territories.models import TerritorySettings


@pytest.mark.django_db
def test_brand_css_is_the_requesting_territorys(client, two_territories):
    a, b = two_territories
    for tenant, colour in ((a, "#7a1f5c"), (b, "#0b5d3b")):
        branding = TerritorySettings.for_site(tenant.territory.site)
        branding.primary_color = colour
        branding.full_clean()
        branding.save()
    css_a = client.get("/brand.css", HTTP_HOST=a.host)
    css_b = client.get("/brand.css", HTTP_HOST=b.host)
    assert css_a.status_code == css_b.status_code == 200
    assert css_a["Content-Type"].startswith("text/css")
    assert "--brand-primary: #7a1f5c" in css_a.content.decode()
    assert "#0b5d3b" not in css_a.content.decode()
    assert "--brand-primary: #0b5d3b" in css_b.content.decode()


@pytest.mark.django_db
def test_brand_css_never_emits_a_colour_that_bypassed_validation(client, two_territories):
    a, _ = two_territories
    # Seven characters: PostgreSQL enforces the column's width, SQLite does not.
    TerritorySettings.objects.filter(site=a.territory.site).update(primary_color="red}*{x")
    body = client.get("/brand.css", HTTP_HOST=a.host).content.decode()
    assert "red}" not in body and "--brand-primary: #1d4f91" in body


@pytest.mark.django_db
def test_home_page_shows_its_own_territory_only(client, two_territories):
    a, b = two_territories
    page_a = client.get("/fr/", HTTP_HOST=a.host).content.decode()
    assert a.territory.name in page_a
    assert b.territory.name not in page_a
    english = client.get("/en/", HTTP_HOST=b.host)
    assert english.status_code == 200
    assert 'lang="en"' in english.content.decode()


@pytest.mark.django_db
def test_robots_and_health(client, two_territories):
    a, _ = two_territories
    robots = client.get("/robots.txt", HTTP_HOST=a.host).content.decode()
    assert "Disallow: /admin/" in robots and f"Sitemap: http://{a.host}/sitemap.xml" in robots
    health = client.get("/healthz", HTTP_HOST=a.host).json()
    assert health["status"] == "ok" and health["down"] == []
    sitemap = client.get("/sitemap.xml", HTTP_HOST=a.host).content.decode()
    assert a.host in sitemap and two_territories[1].host not in sitemap
