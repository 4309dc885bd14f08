import pytest
from django.test import override_settings

from territories.models import TerritorySettings


@pytest.mark.django_db
def test_matomo_is_loaded_only_for_territories_with_a_site_id(client, two_territories):
    a, b = two_territories
    branding = TerritorySettings.for_site(a.territory.site)
    branding.analytics_id = "42"
    branding.full_clean()
    branding.save()
    with override_settings(TERRITORIA_MATOMO_URL="https://stats.example.fr"):
        page_a = client.get("/fr/", HTTP_HOST=a.host).content.decode()
        page_b = client.get("/fr/", HTTP_HOST=b.host).content.decode()
    assert 'data-site-id="42"' in page_a and "https://stats.example.fr" in page_a
    assert "matomo.js" not in page_b


@pytest.mark.django_db
def test_no_matomo_without_a_platform_url(client, two_territories):
    a, _ = two_territories
    TerritorySettings.objects.filter(site=a.territory.site).update(analytics_id="42")
    assert "matomo.js" not in client.get("/fr/", HTTP_HOST=a.host).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "1; alert(1)", "12345678901"])
def test_malformed_site_id_is_refused(value):
    from django.core.exceptions import ValidationError

    from tests.factories import TerritoryFactory

    branding = TerritorySettings.for_site(TerritoryFactory().site)
    branding.analytics_id = value
    with pytest.raises(ValidationError):
        branding.full_clean()
