"""TerritorySettings' public texts (tagline, legal notice) per language: the settings form
offers the territory's languages, pages show their own language's text or the default one."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from territories.models import TRANSLATED_TEXTS, TerritorySettings
from tests.factories import make_member, make_territory
from tests.territories.isolation_world import admin_client

EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def settings_url(site_id):
    return reverse("wagtailsettings:edit", args=["territories", "territorysettings", site_id])


def settings_data(**texts):
    return {
        "primary_color": "#1d4f91",
        "secondary_color": "#14213d",
        "accent_color": "#8a5a00",
        "analytics_id": "",
        "tagline": "",
        "legal_notice": EMPTY_RICH_TEXT,
        **texts,
    }


def rich(text: str) -> str:
    """Draftail's JSON for one paragraph, as the admin's rich text widget posts it."""
    block = {"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text}
    block |= {"inlineStyleRanges": [], "entityRanges": []}
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_every_language_has_its_fields():
    for name in TRANSLATED_TEXTS:
        for code, _name in settings.LANGUAGES:
            TerritorySettings._meta.get_field(f"{name}_{code}")


def test_the_form_offers_the_territorys_languages_and_keeps_the_others(two_territories):
    lyonne = two_territories[0]
    combes = make_territory("Causses du Larzac", "larzac.test", languages=("fr",))
    form_fields = {}
    for territory, moderator in (
        (lyonne.territory, lyonne.moderator),
        (combes, make_member(combes, "Moderators")),
    ):
        response = admin_client(moderator).get(settings_url(territory.site_id))
        assert response.status_code == 200
        form_fields[territory.slug] = response.context["form"].fields
    bilingual, french = form_fields[lyonne.territory.slug], form_fields[combes.slug]
    assert {"tagline", "tagline_en", "legal_notice", "legal_notice_en"} <= set(bilingual)
    assert "tagline_fr" not in bilingual  # French is the default: the plain field
    assert bilingual["tagline"].label.endswith(" (Français)")
    assert bilingual["tagline_en"].label.endswith(" (English)")
    assert not {"tagline_en", "tagline_fr", "legal_notice_en"} & set(french)

    # Saving the French-only territory's settings leaves its (hidden) English text alone.
    branding = TerritorySettings.for_site(combes.site)
    branding.tagline_en = "Kept"
    branding.save()
    moderator = combes.groups.get(name__endswith="Moderators").user_set.get()
    response = admin_client(moderator).post(
        settings_url(combes.site_id), settings_data(tagline="Nouvelle", tagline_en="Hijack")
    )
    assert response.status_code == 302
    branding = TerritorySettings.for_site(combes.site)
    assert (branding.tagline, branding.tagline_en) == ("Nouvelle", "Kept")


@pytest.mark.parametrize("with_english", [True, False])
def test_pages_show_their_languages_text_or_the_default(client, two_territories, with_english):
    tenant = two_territories[0]
    branding = TerritorySettings.for_site(tenant.territory.site)
    branding.tagline = "Agence de développement"
    branding.legal_notice = "<p>Mentions du territoire</p>"
    if with_english:
        branding.tagline_en = "Development agency"
        branding.legal_notice_en = "<p>Territory notice</p>"
    branding.save()

    french = client.get("/fr/", HTTP_HOST=tenant.host).content.decode()
    english = client.get("/en/", HTTP_HOST=tenant.host).content.decode()
    assert '<span class="brand__tagline">Agence de développement</span>' in french
    assert "Mentions du territoire" in french and "Territory notice" not in french
    if with_english:
        assert "Agence de développement" not in english
        assert "Mentions du territoire" not in english
        assert '<span class="brand__tagline" lang="en">Development agency</span>' in english
        assert '<div class="site-footer__notice"><p>Territory notice</p></div>' in english
    else:
        # No translation: the default language's text, marked as French (WCAG 3.1.2).
        assert '<span class="brand__tagline">Agence de développement</span>' in english
        assert 'class="brand__text" lang="fr"' in english
        assert '<div class="site-footer__notice" lang="fr"><p>Mentions du territoire</p>' in english


def test_a_form_post_saves_the_english_text(two_territories, client):
    tenant = two_territories[0]
    response = admin_client(tenant.moderator).post(
        settings_url(tenant.territory.site_id),
        settings_data(
            tagline="Agence",
            tagline_en="Agency",
            legal_notice_en=rich("Published with Territoria"),
        ),
    )
    assert response.status_code == 302
    english = client.get("/en/", HTTP_HOST=tenant.host).content.decode()
    assert "Agency" in english and "Published with Territoria" in english
