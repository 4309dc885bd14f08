"""TerritorySettings (a Wagtail site setting): each territory's moderators edit their own
territory's settings and nobody else's."""

from django.test import Client
from django.urls import reverse

from territories.models import TerritorySettings
from tests.territories.isolation_world import admin_client, is_denied


def settings_url(site_id=None):
    args = ["territories", "territorysettings"] + ([site_id] if site_id else [])
    return reverse("wagtailsettings:edit", args=args)


def settings_data(**overrides):
    return {
        "tagline": "",
        "primary_color": "#1d4f91",
        "secondary_color": "#14213d",
        "accent_color": "#8a5a00",
        "legal_notice": '{"blocks": [], "entityMap": {}}',
        "analytics_id": "",
        **overrides,
    }


def test_moderator_edits_own_settings_only(three_territories):
    own, other, third = three_territories
    client = admin_client(own.moderator)

    # The menu entry (no site id) opens the moderator's own territory, whatever the host.
    assert client.get(settings_url()).url == settings_url(own.territory.site_id)
    foreign_host = Client(HTTP_HOST=other.host)
    foreign_host.force_login(own.moderator)
    assert foreign_host.get(settings_url()).url == settings_url(own.territory.site_id)

    page = client.get(settings_url(own.territory.site_id))
    assert page.status_code == 200
    body = page.content.decode()
    assert page.context["site_switcher"] is None  # nothing to switch to
    for tenant in (other, third):
        assert tenant.territory.name not in body and tenant.host not in body

    response = client.post(settings_url(own.territory.site_id), settings_data(tagline="Ours"))
    assert response.status_code == 302
    assert TerritorySettings.for_site(own.territory.site).tagline == "Ours"

    for tenant in (other, third):
        site_id = tenant.territory.site_id
        assert is_denied(client.get(settings_url(site_id)))
        assert is_denied(client.post(settings_url(site_id), settings_data(tagline="Hijacked")))
        preview = reverse(
            "wagtailsettings:preview_on_edit", args=["territories", "territorysettings", site_id]
        )
        assert is_denied(client.post(preview, settings_data()))
        assert TerritorySettings.for_site(tenant.territory.site).tagline == ""

    # The other territory's moderator still edits theirs (positive control).
    response = admin_client(other.moderator).post(
        settings_url(other.territory.site_id), settings_data(tagline="Theirs")
    )
    assert response.status_code == 302
    assert TerritorySettings.for_site(other.territory.site).tagline == "Theirs"


def test_editors_and_superusers(two_territories, superuser):
    own, other = two_territories
    editor = admin_client(own.editor)
    assert is_denied(editor.get(settings_url()))
    assert is_denied(editor.get(settings_url(own.territory.site_id)))
    assert settings_url() not in editor.get(reverse("wagtailadmin_home")).content.decode()

    admin = admin_client(superuser)
    page = admin.get(settings_url(other.territory.site_id))
    assert page.status_code == 200
    assert page.context["site_switcher"] is not None  # superusers switch between territories
