"""Malformed rich text posted to a page's edit form is a form error on that field (the form
re-renders, nothing is stored); rich text stored before these checks, or written with
``<br>``, still opens in the editor; the demo's legal pages open in the editor."""

import json

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from core.rich_text import contentstate_problem, plain_paragraphs
from home.models import StandardPage
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db


def _state(entity=None, key=0, **block):
    ranges = [{"offset": 0, "length": 5, "key": key}] if entity is not None or key != 0 else []
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "text": "Bonjour",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": ranges,
                    **block,
                }
            ],
            "entityMap": {"0": entity} if entity is not None else {},
        }
    )


def _link(**data):
    return _state({"type": "LINK", "mutability": "MUTABLE", "data": data})


IMAGE = {"type": "IMAGE", "mutability": "IMMUTABLE", "data": {"id": "abc", "format": "left"}}
MALFORMED = {
    "not JSON": "{pas du json",
    "a JSON list": "[1, 2]",
    "no blocks": "{}",
    "a dangling entity key": _state(key=7),
    "a link without url": _link(),
    "a page link with a non-numeric id": _link(id="abc", linkType="page"),
    "a document with a non-numeric id": _state(
        {"type": "DOCUMENT", "mutability": "MUTABLE", "data": {"id": "1 OR 1=1"}}
    ),
    "an image with a non-numeric id": _state(IMAGE),
    "an entity without type": _state({"mutability": "MUTABLE", "data": {}}),
    "a style range with a text offset": _state(
        inlineStyleRanges=[{"offset": "x", "length": 2, "style": "BOLD"}]
    ),
}


@pytest.fixture
def page(two_territories):
    tenant = two_territories[0]
    root = tenant.territory.site.root_page
    page = StandardPage.objects.descendant_of(root).filter(locale=root.locale).first()
    page.intro = "<p>Intro d'origine</p>"
    page.save_revision()
    return tenant, page


def _post(tenant, page, **fields):
    data = {"title": page.title, "slug": page.slug, "intro": "null", "body-count": "0"}
    data.update(fields)
    return admin_client(tenant.editor).post(f"/admin/pages/{page.pk}/edit/", data)


def _paragraph(value) -> dict:
    return {
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": value,
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
    }


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_rich_text_is_a_form_error_and_nothing_is_stored(page, case):
    tenant, page = page
    revisions = Revision.objects.count()
    for field, fields in (
        ("intro", {"intro": MALFORMED[case]}),
        ("body", _paragraph(MALFORMED[case])),
    ):
        response = _post(tenant, page, **fields)
        assert response.status_code == 200, (case, fields)  # the edit form, re-rendered
        assert list(response.context["form"].errors) == [field], case
        assert 'class="help-critical"' in response.content.decode() or "error-message" in (
            response.content.decode()
        )
        assert Revision.objects.count() == revisions
    assert page.get_latest_revision_as_object().intro == "<p>Intro d'origine</p>"


def test_the_error_names_the_field(page):
    tenant, page = page
    response = _post(tenant, page, intro=_link())
    form = response.context["form"]
    assert list(form.errors) == ["intro"]
    assert form.errors["intro"] == ["Le texte contient un lien sans adresse."]
    response = _post(tenant, page, **_paragraph(_state(key=3)))
    assert list(response.context["form"].errors) == ["body"]


def test_well_formed_rich_text_still_saves(page):
    tenant, page = page
    response = _post(
        tenant,
        page,
        intro=_link(url="https://example.org/"),
        **_paragraph(_link(id=str(page.pk), linkType="page")),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    saved = page.get_latest_revision_as_object()
    assert 'href="https://example.org/"' in saved.intro
    assert f'id="{page.pk}"' in saved.body[0].value.source


@pytest.mark.parametrize(
    "stored",
    [
        "<p>Ligne<br>suivante</p>",
        "<p>Image <img src='x.png'> en ligne</p>",
        "<p>Non fermé <b>gras</p>",
        "<p><i>croisé</b></i></p>",
    ],
)
def test_stored_malformed_rich_text_opens_in_the_editor(page, stored):
    tenant, page = page
    StandardPage.objects.filter(pk=page.pk).update(intro=stored)
    page.refresh_from_db()
    page.save_revision()
    response = admin_client(tenant.editor).get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


def test_plain_paragraphs_keeps_the_text():
    assert plain_paragraphs("<p>Un<br>deux</p><p>trois <b>x</p>") == (
        "<p>Un</p><p>deux</p><p>trois x</p>"
    )
    assert contentstate_problem(json.loads(_link(url="/contact/"))) is None


def test_the_demo_legal_pages_open_in_the_editor(superuser):
    call_command("seed_demo", port=8000)
    client = admin_client(superuser)
    legal = Page.objects.filter(slug__in=["mentions-legales", "legal-notice"])
    assert legal.count() >= 4
    for page in legal:
        assert "<br>" not in str(page.specific.body.raw_data)
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    "stored",
    [
        '<p><a linktype="page" id="abc">lien</a></p>',
        '<p><a linktype="document" id="1 OR 1=1">lien</a></p>',
        '<embed embedtype="image" id="abc" format="left"/>',
    ],
)
def test_stored_entities_with_a_non_numeric_id_render_and_open(page, stored):
    """Stored before these checks (or by a script): the public page, the draft preview and
    the editor answer 200; the link leads nowhere rather than fail."""
    from django.test import Client
    from wagtail.rich_text import RichText

    tenant, page = page
    page.intro = stored
    page.body = [("paragraph", RichText(stored))]
    page.save_revision().publish()
    public = Client().get(page.relative_url(tenant.territory.site), HTTP_HOST=tenant.host)
    assert public.status_code == 200
    editor = admin_client(tenant.editor)
    assert editor.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert editor.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 200


@pytest.mark.parametrize("case", ["not JSON", "a dangling entity key", "a link without url"])
def test_malformed_rich_text_on_the_create_form_creates_nothing(page, case):
    tenant, parent = page
    pages = StandardPage.objects.count()
    data = {"title": "Nouvelle", "slug": "nouvelle", "body-count": "0", **_paragraph("null")}
    data["intro"] = MALFORMED[case]
    response = admin_client(tenant.editor).post(
        f"/admin/pages/add/home/standardpage/{parent.pk}/", data
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["intro"]
    assert StandardPage.objects.count() == pages
