"""The easy-to-read summary (FALC): on every public page type, shown first when written,
escaped like any rich text, and the admin report of the pages that lack one, each editor
seeing their own territory's pages only."""

import json
import re
import uuid

import pytest
from wagtail.models import Page, get_page_models

from home.easy_read import EasyReadMixin
from home.models import HomePage, StandardPage
from tests.factories import make_member
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"home", "attractiveness", "realestate", "investors", "newsletters", "territories"}
REPORT = "/admin/reports/easy-read/"


def test_every_public_page_type_has_an_easy_read_summary():
    models = [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]
    assert len(models) >= 10
    missing = [m.__name__ for m in models if not issubclass(m, EasyReadMixin)]
    assert missing == []
    field = StandardPage._meta.get_field("easy_read")
    assert field.blank and field.features == ["bold", "ol", "ul", "link"]
    assert "FALC" in str(field.help_text)
    for model in models:  # editors find it on the content tab, right after the title
        if not model._meta.abstract:
            names = [getattr(panel, "field_name", None) for panel in model.content_panels]
            assert "easy_read" in names, model.__name__


def _homes(territory):
    root = territory.site.root_page
    return {
        page.locale.language_code: page
        for page in HomePage.objects.filter(translation_key=root.translation_key).select_related(
            "locale"
        )
    }


def _standard(home, **fields):
    page = StandardPage(
        title="Venir s'installer",
        slug=f"venir-{uuid.uuid4().hex[:6]}",
        locale=home.locale,
        **fields,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def _get(client, tenant, page):
    response = client.get(page.relative_url(tenant.territory.site), HTTP_HOST=tenant.host)
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_is_shown_first_with_its_heading_and_language(client, two_territories):
    tenant = two_territories[0]
    homes = _homes(tenant.territory)
    page = _standard(
        homes["fr"],
        intro="<p>Introduction longue et technique.</p>",
        easy_read="<p>Vous voulez venir ici ?</p><ul><li>Appelez-nous.</li></ul>",
    )
    html = _get(client, tenant, page)
    box = re.search(r'<section class="easy-read"[^>]*>(.*?)</section>', html, re.S)
    assert box, "the easy-to-read box"
    assert 'lang="fr"' in box.group(0) and 'aria-labelledby="easy-read-title"' in box.group(0)
    assert '<h2 id="easy-read-title"' in box.group(1) and "Facile à lire" in box.group(1)
    assert "<li>Appelez-nous.</li>" in box.group(1)
    # First: right under the page's title, before the introduction and the body.
    main = html[html.index("<main") :]
    assert main.index("<h1>") < main.index('class="easy-read"') < main.index("Introduction longue")

    english = _standard(homes["en"], easy_read="<p>Do you want to come here?</p>")
    html = _get(client, tenant, english)
    assert 'lang="en"' in re.search(r'<section class="easy-read"[^>]*>', html).group(0)
    assert ">Easy to read</h2>" in html


@pytest.mark.parametrize("empty", ["", "<p></p>"])
def test_no_box_without_a_summary(client, two_territories, empty):
    tenant = two_territories[0]
    page = _standard(_homes(tenant.territory)["fr"], easy_read=empty)
    assert 'class="easy-read"' not in _get(client, tenant, page)


def test_the_home_shows_it_right_after_its_hero(client, two_territories):
    tenant = two_territories[0]
    home = _homes(tenant.territory)["fr"]
    home.easy_read = "<p>Ici, on aide les entreprises.</p>"
    home.save_revision().publish()
    html = _get(client, tenant, home)
    assert html.index('class="hero') < html.index('class="easy-read"')
    assert "Ici, on aide les entreprises." in html


def _contentstate(text: str) -> str:
    block = {
        "key": "a",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def test_hostile_text_in_the_summary_is_shown_as_text(client, two_territories):
    tenant = two_territories[0]
    page = _standard(_homes(tenant.territory)["fr"])
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    response = admin_client(tenant.editor).post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": page.title,
            "slug": page.slug,
            "easy_read": _contentstate(hostile),
            "intro": "null",
            "body-count": "0",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    page.get_latest_revision().publish()
    html = _get(client, tenant, page)
    box = re.search(r'<section class="easy-read".*?</section>', html, re.S).group(0)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in box
    assert "<script>" not in box and "<img" not in box


# --- the report ------------------------------------------------------------------------


def _listed(user) -> set[int]:
    response = admin_client(user).get(REPORT)
    assert response.status_code == 200
    ids = {page.pk for page in response.context["object_list"]}
    results = admin_client(user).get(f"{REPORT}results/")
    assert results.status_code == 200
    assert {page.pk for page in results.context["object_list"]} == ids
    return ids


def _report_world(two_territories):
    made = {}
    for tenant in two_territories:
        home = _homes(tenant.territory)["fr"]
        made[tenant.host] = {
            "without": _standard(home),
            "with": _standard(home, easy_read="<p>Phrase courte.</p>"),
            "territory": tenant.territory,
        }
    return made


def _territory_page_ids(territory) -> set[int]:
    from territories.selectors import territory_pages

    return set(territory_pages(territory).values_list("pk", flat=True))


def test_an_editor_sees_their_own_territorys_pages_without_a_summary(two_territories):
    own, other = two_territories
    made = _report_world(two_territories)
    draft = StandardPage(title="Brouillon", slug="brouillon", live=False)
    _homes(own.territory)["fr"].add_child(instance=draft)

    listed = _listed(own.editor)
    mine = made[own.host]
    assert mine["without"].pk in listed
    assert mine["with"].pk not in listed  # it has one
    assert draft.pk not in listed  # not live
    assert listed <= _territory_page_ids(own.territory)  # nothing of the other territory
    assert made[other.host]["without"].pk not in listed
    assert _homes(own.territory)["fr"].pk in listed  # the provisioned pages have none yet

    theirs = _listed(other.editor)
    assert made[other.host]["without"].pk in theirs
    assert theirs <= _territory_page_ids(other.territory)
    assert not theirs & listed


def test_the_export_holds_the_same_pages_only(two_territories):
    own, other = two_territories
    made = _report_world(two_territories)
    response = admin_client(own.editor).get(f"{REPORT}?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert made[own.host]["without"].title in body
    assert other.territory.name not in body
    titles_b = set(
        Page.objects.filter(pk__in=_territory_page_ids(other.territory)).values_list(
            "title", flat=True
        )
    ) - set(
        Page.objects.filter(pk__in=_territory_page_ids(own.territory)).values_list(
            "title", flat=True
        )
    )
    assert not [title for title in titles_b if title in body]


def test_a_person_in_two_territories_sees_both(two_territories):
    own, other = two_territories
    made = _report_world(two_territories)
    person = make_member(own.territory, "Editors")
    person.groups.add(other.territory.group_for("Editors"))
    listed = _listed(person)
    assert {made[own.host]["without"].pk, made[other.host]["without"].pk} <= listed
    assert listed <= _territory_page_ids(own.territory) | _territory_page_ids(other.territory)


def test_the_report_is_in_the_reports_menu_for_editors_and_closed_to_others(two_territories):
    own, _other = two_territories
    response = admin_client(own.editor).get("/admin/")
    assert REPORT in response.content.decode()
    # A developer of the territory (the CRM) edits no page: no report, no menu entry.
    developer = make_member(own.territory, "Developers")
    client = admin_client(developer)
    assert REPORT not in client.get("/admin/").content.decode()
    assert client.get(REPORT).status_code in (302, 403)
