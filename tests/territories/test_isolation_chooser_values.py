"""Ids of another territory's pages, images and documents posted where no chooser offers
them: StreamField chooser blocks, rich-text links, foreign keys, previews. Each is refused
as a form error, nothing is stored or previewed, and the answer names nothing of the other
territory (territories/choosing.py)."""

import json

import pytest
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.blocks import RICH_FEATURES
from home.models import StandardPage
from tests.factories import make_member
from tests.territories.isolation_world import admin_client, populate


@pytest.fixture
def worlds(two_territories):
    return populate(two_territories[0], "ZLYONNE"), populate(two_territories[1], "ZSEVRE")


def paragraph(html: str) -> str:
    """Draftail's posted value for ``html`` (the contentstate JSON the editor sends)."""
    return ContentstateConverter(features=RICH_FEATURES).from_database_format(html)


def raw_entity(entity_type: str, data: dict) -> str:
    """A hand-made contentstate with one entity: what a forger posts, whatever the converter
    would produce from the database."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "text": "see this",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 8, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": entity_type, "mutability": "MUTABLE", "data": data}},
        }
    )


def page_post(page, *, body=(), intro=""):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": intro or rich_text(""),
            "body": streamfield(list(body)),
            "seo_title": "",
            "search_description": "",
        }
    )


def image_block(image_id):
    return ("image", {"image": image_id, "alt_text": "", "decorative": "on"})


def cta_block(page_id):
    return (
        "call_to_action",
        {"title": "Go", "text": "", "page": page_id, "url": "", "label": "Go"},
    )


def hostile_bodies(other):
    """Every way the body can name another territory's object."""
    doc_link = raw_entity("DOCUMENT", {"id": other.document.pk, "url": "/documents/x/"})
    page_link = raw_entity("LINK", {"id": other.page.pk, "url": "/x/", "parentId": None})
    return {
        "image block": [image_block(other.image.pk)],
        "page chooser block": [cta_block(other.page.pk)],
        "rich-text page link": [("paragraph", page_link)],
        "rich-text document link": [("paragraph", doc_link)],
        "rich-text link to a page that does not exist": [
            ("paragraph", raw_entity("LINK", {"id": 999999, "url": "/x/"}))
        ],
        "rich-text link with a non-numeric id": [
            ("paragraph", raw_entity("LINK", {"id": "1 OR 1=1", "url": "/x/"}))
        ],
    }


def own_page(world):
    """A page of the world's territory that its editor may edit (the world's page is in
    moderation, so locked for them)."""
    home = world.tenant.territory.site.root_page
    page = StandardPage(title=f"{world.marker} scratch", slug="scratch", owner=world.tenant.editor)
    home.add_child(instance=page)
    page.save_revision(user=world.tenant.editor)
    return page


@pytest.mark.parametrize(
    "case",
    [
        "image block",
        "page chooser block",
        "rich-text page link",
        "rich-text document link",
        "rich-text link to a page that does not exist",
        "rich-text link with a non-numeric id",
    ],
)
def test_hostile_ids_in_blocks_and_rich_text_are_refused_and_never_shown(worlds, case):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    page = own_page(own)
    revisions = page.revisions.count()
    body = hostile_bodies(other)[case]

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), page_post(page, body=body)
    )
    assert response.status_code == 200
    assert response.context["form"].errors, "the hostile id must be a form error"
    assert other.leaks(response) == []
    assert other.document.file.name not in response.content.decode()
    assert page.revisions.count() == revisions  # nothing stored

    # The preview cleans the same form: refused, and the preview page shows nothing.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    answer = client.post(preview, page_post(page, body=body)).json()
    assert answer["is_valid"] is False
    shown = client.get(preview)
    assert other.leaks(shown) == []


def test_hostile_rich_text_in_a_rich_text_field_is_refused(worlds):
    own, other = worlds
    client = admin_client(own.tenant.editor)
    page = own_page(own)
    intro = raw_entity("LINK", {"id": other.page.pk, "url": "/x/"})
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), page_post(page, intro=intro)
    )
    assert response.status_code == 200 and "intro" in response.context["form"].errors
    assert other.leaks(response) == []


def test_one_preview_post_with_every_id_lists_nothing(worlds):
    """The probe that listed every image of another territory: a preview with a run of ids
    (the 40 up to the other territory's newest image and page: on a database that has
    served other tests, ids 1..N would exceed DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
    own, other = worlds
    client = admin_client(own.tenant.editor)
    page = own_page(own)

    def run(last):
        return range(max(1, last - 39), last + 1)

    body = [image_block(pk) for pk in run(other.image.pk)]
    body += [cta_block(pk) for pk in run(other.page.pk)]
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(preview, page_post(page, body=body)).json()["is_valid"] is False
    assert other.leaks(client.get(preview)) == []


def test_own_ids_are_accepted_and_shown(worlds):
    own, _other = worlds
    client = admin_client(own.tenant.editor)
    page = own_page(own)
    link = paragraph(f'<p><a linktype="page" id="{own.locked_page.pk}">ours</a></p>')
    body = [image_block(own.image.pk), cta_block(own.page.pk), ("paragraph", link)]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), page_post(page, body=body)
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [block.block_type for block in saved.body] == ["image", "call_to_action", "paragraph"]
    assert saved.body[0].value.pk == own.image.pk

    # The edit form shows the chosen image and page again.
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert own.image.title in form and own.page.title in form


def test_a_stored_foreign_id_is_shown_as_missing(worlds):
    """Content saved before this check (or by a superuser) that names another territory's
    image and page: the editor's form shows empty choosers and a broken link, not them."""
    own, other = worlds
    page = own_page(own)
    page.body = [
        ("image", {"image": other.image, "alt_text": "", "decorative": True}),
        ("paragraph", f'<p><a linktype="page" id="{other.page.pk}">there</a></p>'),
    ]
    page.save_revision()
    client = admin_client(own.tenant.editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert other.leaks(response) == []
    assert other.page.url_path not in response.content.decode()


def test_a_person_in_two_territories_chooses_in_both(worlds):
    own, other = worlds
    both = make_member(own.tenant.territory, "Editors")
    both.groups.add(other.tenant.territory.group_for("Editors"))
    client = admin_client(both)
    page = own_page(own)
    body = [image_block(other.image.pk), cta_block(other.page.pk)]
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), page_post(page, body=body)
    )
    assert response.status_code == 302


def test_superusers_choose_anything(worlds, superuser):
    own, other = worlds
    client = admin_client(superuser)
    page = own_page(own)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_post(page, body=[image_block(other.image.pk)]),
    )
    assert response.status_code == 302
    saved = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    assert saved.body[0].value.pk == other.image.pk
