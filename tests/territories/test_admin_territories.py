"""The superuser's Territory screens: list, create (provisioning), edit, archive, restore;
never delete; bad input is a form error."""

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from territories.models import Territory
from tests.territories.isolation_world import admin_client, is_denied

VALID = {
    "name": "Communauté des Hautes Combes",
    "hostname": "Combes.Example.org",
    "languages": ["fr", "en"],
    "official_code": "200046977",  # a valid SIREN checksum
    "region": "ARA",
    "contact_email": "contact@combes.example.org",
    "sender_email": "noreply@combes.example.org",
}


@pytest.mark.django_db
def test_superuser_creates_a_territory_with_one_form(superuser):
    client = admin_client(superuser)
    form = client.get(reverse("territories:add"))
    assert form.status_code == 200
    assert 'name="hostname"' in form.content.decode()

    response = client.post(reverse("territories:add"), VALID)
    assert response.status_code == 302, response.context and response.context["form"].errors
    territory = Territory.objects.select_related("site").get(slug="communaute-des-hautes-combes")
    assert territory.site.hostname == "combes.example.org"
    assert territory.languages == ["fr", "en"]
    assert territory.official_code == "200046977" and territory.region == "ARA"
    assert Group.objects.filter(territories=territory).count() == 4
    assert territory.site.root_page.get_children().count() >= 6

    listing = client.get(reverse("territories:index")).content.decode()
    assert "Communauté des Hautes Combes" in listing
    assert reverse("territories:archive", args=[territory.pk]) in listing


BAD_INPUT = [
    ({"hostname": "lyonne.test"}, "hostname"),  # taken by an existing territory
    ({"hostname": "not a host/"}, "hostname"),
    ({"name": "Métropole de Lyonne", "hostname": "other.test"}, "name"),  # slug taken
    ({"official_code": "123456789"}, "official_code"),  # checksum fails
    ({"official_code": "12345"}, "official_code"),
    ({"languages": ["fr", "xx"]}, "languages"),
    ({"languages": []}, "languages"),
    ({"region": "ZZZ"}, "region"),
    ({"contact_email": "not-an-email"}, "contact_email"),
    ({"name": ""}, "name"),
]


def test_bad_input_is_a_form_error_never_a_territory(two_territories, superuser):
    client = admin_client(superuser)
    counts = (Territory.objects.count(), Site.objects.count(), Group.objects.count())
    for overrides, field in BAD_INPUT:
        response = client.post(reverse("territories:add"), {**VALID, **overrides})
        assert response.status_code == 200, overrides
        assert field in response.context["form"].errors, (
            overrides,
            response.context["form"].errors,
        )
    assert (Territory.objects.count(), Site.objects.count(), Group.objects.count()) == counts


def test_archive_restore_edit_and_no_delete(two_territories, superuser):
    own, other = two_territories
    territory = own.territory
    client = admin_client(superuser)

    assert client.get(reverse("territories:archive", args=[territory.pk])).status_code == 405
    assert client.post(reverse("territories:archive", args=[territory.pk])).status_code == 302
    territory.refresh_from_db()
    assert territory.is_archived
    assert not own.editor.has_perm("wagtailadmin.access_admin")
    assert client.post(reverse("territories:restore", args=[territory.pk])).status_code == 302
    territory.refresh_from_db()
    assert not territory.is_archived

    edit_url = reverse("territories:edit", args=[territory.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    response = client.post(
        edit_url,
        {
            "name": territory.name,
            "official_code": "bad",
            "region": "",
            "contact_email": "",
            "sender_email": "",
        },
    )
    assert response.status_code == 200 and "official_code" in response.context["form"].errors

    with pytest.raises(NoReverseMatch):
        reverse("territories:delete", args=[territory.pk])
    assert "/delete/" not in client.get(reverse("territories:index")).content.decode()
    assert Territory.objects.filter(pk=territory.pk).exists()

    # Territory members never reach these screens, nor archive anything.
    for user in (own.moderator, other.editor):
        member = admin_client(user)
        assert is_denied(member.get(reverse("territories:index")))
        assert is_denied(member.get(edit_url))
        assert is_denied(member.post(reverse("territories:add"), VALID))
        assert is_denied(member.post(reverse("territories:archive", args=[other.territory.pk])))
    other.territory.refresh_from_db()
    assert not other.territory.is_archived
    assert not Territory.objects.filter(slug="communaute-des-hautes-combes").exists()
