"""Territory-owned snippets (key figures) and collection-scoped media under hostile input:
other territories' ids in forms, bulk actions and uploads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, ModelLogEntry
from wagtail.permissions import policy_registry

from attractiveness.models import KeyFigure
from tests.factories import make_member
from tests.territories.isolation_world import admin_client, is_denied, populate

KEY_FIGURES = "wagtailsnippets_attractiveness_keyfigure"


@pytest.fixture
def worlds(two_territories):
    return populate(two_territories[0], "ZLYONNE"), populate(two_territories[1], "ZSEVRE")


def key_figure_data(territory, label):
    return {
        "territory": territory.pk,
        "label": label,
        "value": "42",
        "unit": "%",
        "sort_order": "0",
    }


def test_key_figure_forms_refuse_another_territory(worlds):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    add_url = reverse(f"{KEY_FIGURES}:add") + "?locale=fr"

    form = client.get(add_url).content.decode()
    assert own.tenant.territory.name in form
    assert other.tenant.territory.name not in form  # the territory choices

    response = client.post(add_url, key_figure_data(other.tenant.territory, "hostile"))
    assert response.status_code == 200
    assert "territory" in response.context["form"].errors
    assert not KeyFigure.objects.filter(label="hostile").exists()

    # Moving one's own figure to the other territory is refused the same way.
    edit_url = reverse(f"{KEY_FIGURES}:edit", args=[own.key_figure.pk])
    response = client.post(edit_url, key_figure_data(other.tenant.territory, "moved"))
    assert response.status_code == 200 and "territory" in response.context["form"].errors
    own.key_figure.refresh_from_db()
    assert own.key_figure.territory == own.tenant.territory

    # Editing the other territory's figure: 404, nothing changes.
    hostile_edit = reverse(f"{KEY_FIGURES}:edit", args=[other.key_figure.pk])
    assert is_denied(client.post(hostile_edit, key_figure_data(own.tenant.territory, "stolen")))
    assert is_denied(client.post(reverse(f"{KEY_FIGURES}:delete", args=[other.key_figure.pk])))
    other.key_figure.refresh_from_db()
    assert other.key_figure.label == "ZSEVRE figure"

    # Positive control: the editor's own territory is accepted.
    response = client.post(add_url, key_figure_data(own.tenant.territory, "accepted"))
    assert response.status_code == 302
    assert KeyFigure.objects.get(label="accepted").territory == own.tenant.territory


def test_bulk_delete_never_touches_another_territory(worlds):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    url = reverse("wagtail_bulk_action", args=["attractiveness", "keyfigure", "delete"])
    mixed = f"{url}?id={own.key_figure.pk}&id={other.key_figure.pk}"

    confirm = client.get(mixed)
    assert confirm.status_code == 200
    assert "ZLYONNE figure" in confirm.content.decode()
    assert other.leaks(confirm) == []
    assert is_denied(client.get(f"{url}?id={other.key_figure.pk}"))
    assert other.leaks(client.get(f"{url}?id=all")) == []

    assert is_denied(client.post(f"{url}?id={other.key_figure.pk}"))
    response = client.post(mixed)
    assert response.status_code == 302
    assert not KeyFigure.objects.filter(pk=own.key_figure.pk).exists()
    assert KeyFigure.objects.filter(pk=other.key_figure.pk).exists()

    client.post(f"{url}?id=all")
    assert KeyFigure.objects.filter(pk=other.key_figure.pk).exists()


def test_audit_log_and_localize_api_hide_other_territories_figures(worlds):
    own, other = worlds
    assert ModelLogEntry.objects.filter(label__contains="ZSEVRE figure").exists()
    client = admin_client(own.tenant.editor)
    history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "ZLYONNE figure" in history.content.decode()
    assert other.leaks(history) == []
    api = client.get(
        reverse("wagtail_localize:snippets_api_listing", args=["attractiveness", "keyfigure"])
    )
    rows = api.json()
    labels = [row["title"] for row in (rows["results"] if isinstance(rows, dict) else rows)]
    assert any("ZLYONNE figure" in label for label in labels)
    assert not any("ZSEVRE" in label for label in labels)
    # Someone with no permission on key figures gets nothing at all.
    communication = make_member(own.tenant.territory, "Communication")
    denied = admin_client(communication).get(
        reverse("wagtail_localize:snippets_api_listing", args=["attractiveness", "keyfigure"])
    )
    assert denied.status_code == 403


def upload(name="upload.png"):
    return SimpleUploadedFile(name, get_test_image_file().file.getvalue(), content_type="image/png")


def test_uploads_into_another_territorys_collection_are_refused(worlds):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    theirs, mine = other.tenant.territory.collection_id, own.tenant.territory.collection_id

    # With a single permitted collection Wagtail drops the field and files the upload in
    # the editor's own collection; with several it answers a form error. Either way the
    # other territory's collection receives nothing.
    client.post(
        reverse("wagtailimages:add"),
        {"title": "hostile image", "file": upload(), "collection": theirs},
    )
    client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "hostile chooser image",
            "image-chooser-upload-file": upload(),
            "image-chooser-upload-collection": theirs,
        },
    )
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "hostile document",
            "file": SimpleUploadedFile("x.txt", b"hi", content_type="text/plain"),
            "collection": theirs,
        },
    )
    client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload(), "collection": theirs})
    assert not Image.objects.filter(collection_id=theirs).exclude(pk=other.image.pk).exists()
    assert not Document.objects.filter(collection_id=theirs).exclude(pk=other.document.pk).exists()

    assert (
        Image.objects.filter(title__startswith="hostile").exclude(collection_id=mine).count() == 0
    )

    # Moving one's own image into the other collection fails the same way.
    client.post(
        reverse("wagtailimages:edit", args=[own.image.pk]), {"title": "moved", "collection": theirs}
    )
    own.image.refresh_from_db()
    assert own.image.collection_id == mine

    # Positive control: an upload into the editor's own collection works.
    response = client.post(
        reverse("wagtailimages:add"), {"title": "own image", "file": upload(), "collection": mine}
    )
    assert response.status_code == 302
    assert Image.objects.get(title="own image").collection_id == mine


def test_key_figure_translations_of_another_territory_are_refused(worlds):
    from wagtail_localize.models import Translation, TranslationSource

    own, other = worlds
    source, _created = TranslationSource.get_or_create_from_instance(other.key_figure)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en")
    )
    translation.save_target(user=other.tenant.editor)
    urls = [
        reverse("wagtail_localize:download_pofile", args=[translation.pk]),
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["attractiveness", "keyfigure", other.key_figure.pk],
        ),
    ]
    client = admin_client(own.tenant.editor)
    for url in urls:
        response = client.get(url)
        assert is_denied(response), url
        assert other.leaks(response) == [], url
    assert is_denied(
        client.post(reverse("wagtail_localize:stop_translation", args=[translation.pk]))
    )
    translation.refresh_from_db()
    assert translation.enabled
    # Positive control: the other territory's editor downloads their own PO file.
    response = admin_client(other.tenant.editor).get(urls[0])
    assert response.status_code == 200 and "ZSEVRE figure" in response.content.decode()


def test_per_object_permission_checks_know_territories(worlds):
    """Wagtail asks the model's permission policy before per-object actions; for a
    territory-owned model the answer depends on the row's territory."""
    own, other = worlds
    policy = policy_registry.get_by_type(KeyFigure)
    editor = own.tenant.editor
    assert policy.user_has_permission_for_instance(editor, "change", own.key_figure)
    assert not policy.user_has_permission_for_instance(editor, "change", other.key_figure)
    assert list(policy.instances_user_has_permission_for(editor, "delete")) == [own.key_figure]

    client = admin_client(editor)
    ping = "wagtailadmin_editing_sessions:ping"
    theirs = reverse(ping, args=["attractiveness", "keyfigure", other.key_figure.pk, 0])
    assert is_denied(client.post(theirs))
    mine = reverse(ping, args=["attractiveness", "keyfigure", own.key_figure.pk, 0])
    assert client.post(mine).status_code == 200


def test_foreign_keys_in_admin_forms_only_accept_own_media_and_pages(worlds):
    from home.models import HomePage
    from territories.models import TerritorySettings

    own, other = worlds
    home = HomePage.objects.get(pk=own.tenant.territory.site.root_page_id)
    form_class = HomePage.get_edit_handler().get_form_class()
    form = form_class(instance=home, for_user=own.tenant.editor)
    images = form.fields["hero_image"].queryset
    assert own.image in images and other.image not in images

    # A hostile logo id in the settings form is refused; the editor's own image is accepted.
    client = admin_client(own.tenant.moderator)
    url = reverse(
        "wagtailsettings:edit",
        args=["territories", "territorysettings", own.tenant.territory.site_id],
    )
    data = {
        "tagline": "",
        "primary_color": "#1d4f91",
        "secondary_color": "#14213d",
        "accent_color": "#8a5a00",
        "legal_notice": '{"blocks": [], "entityMap": {}}',
        "analytics_id": "",
    }
    response = client.post(url, {**data, "logo": other.image.pk})
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    # The re-rendered chooser shows neither the refused image's title nor its thumbnail.
    assert other.leaks(response) == []
    assert TerritorySettings.for_site(own.tenant.territory.site).logo is None
    # Ids that are no number: Wagtail's chooser widget raised ValueError re-rendering them.
    for hostile in ("1 OR 1=1", "9" * 30, "-1", "1.5"):
        response = client.post(url, {**data, "logo": hostile})
        assert response.status_code == 200 and "logo" in response.context["form"].errors, hostile
    assert client.post(url, {**data, "logo": own.image.pk}).status_code == 302
    assert TerritorySettings.for_site(own.tenant.territory.site).logo == own.image
