import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from territories.colors import contrast_ratio
from territories.membership import territories_for
from territories.models import Territory, TerritorySettings, validate_languages, validate_siren
from territories.services import territory_archive, territory_restore
from tests.factories import TerritoryFactory


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("value", ["200046977", "217500016"])
def test_valid_siren(value):
    validate_siren(value)


@pytest.mark.parametrize(
    "value", ["", "12345678", "1234567890", "20004697A", "200046978", "<script>"]
)
def test_invalid_siren_is_refused_with_a_message(value):
    with pytest.raises(ValidationError) as error:
        validate_siren(value)
    assert error.value.messages[0]


@pytest.mark.parametrize("value", [[], "fr", ["fr", "xx"], ["fr", "fr"], [None]])
def test_invalid_languages(value):
    with pytest.raises(ValidationError):
        validate_languages(value)


@pytest.mark.django_db
def test_brand_colours_failing_aa_are_rejected_with_the_reason():
    branding = TerritorySettings.for_site(TerritoryFactory().site)
    branding.primary_color = "#ffd966"  # pale yellow: white text on it is unreadable
    branding.secondary_color = "#14213d"
    branding.accent_color = "#f0f0f0"
    with pytest.raises(ValidationError) as error:
        branding.full_clean()
    messages = error.value.message_dict
    assert "primary_color" in messages and "4.5" in messages["primary_color"][0]
    assert "accent_color" in messages and "3.0" in messages["accent_color"][0]
    assert "secondary_color" not in messages


@pytest.mark.django_db
def test_malformed_colour_gets_a_format_message():
    branding = TerritorySettings.for_site(TerritoryFactory().site)
    branding.primary_color = "red;}body{display:none"
    with pytest.raises(ValidationError) as error:
        branding.full_clean()
    assert "#RRGGBB" in error.value.message_dict["primary_color"][0]


@pytest.mark.django_db
def test_for_user_returns_only_the_users_territories(two_territories, superuser):
    a, b = two_territories
    assert list(territories_for(a.editor)) == [a.territory]
    assert list(territories_for(b.moderator)) == [b.territory]
    everyone = set(territories_for(superuser))
    assert everyone == set(Territory.objects.all()) and {a.territory, b.territory} <= everyone


@pytest.mark.django_db
def test_archive_takes_the_site_offline_and_restore_brings_it_back(client, two_territories):
    a, b = two_territories
    assert client.get("/fr/", HTTP_HOST=a.host).status_code == 200
    territory_archive(territory=a.territory)
    assert client.get("/fr/", HTTP_HOST=a.host).status_code == 404
    assert client.get("/fr/", HTTP_HOST=b.host).status_code == 200
    a.editor.refresh_from_db()
    assert not a.editor.has_perm("wagtailadmin.access_admin")
    # Nothing is deleted: the site and its pages are still there.
    assert Site.objects.filter(hostname=a.host).exists()
    territory_restore(territory=a.territory)
    assert client.get("/fr/", HTTP_HOST=a.host).status_code == 200
