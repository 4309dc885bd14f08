"""Success stories: where they live, who may write them, where they show (their index, the
home page, their filière's page), that a listing's queries do not grow with the stories, and
that a filière is always the story's own territory's."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from attractiveness.models import (
    EcosystemFigure,
    EcosystemIndexPage,
    EcosystemPage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
    SuccessStoryPhoto,
)
from home.models import HomePage
from tests.territories.isolation_world import admin_client, is_denied

# The editor's admin speaks French: the message as they read it.
NOT_OURS = "Choisissez une filière de ce territoire."

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def home_of(territory, language="fr"):
    root = territory.site.root_page
    return HomePage.objects.get(
        translation_key=root.translation_key, locale__language_code=language
    )


def stories_index(territory, language="fr"):
    return SuccessStoryIndexPage.objects.child_of(home_of(territory, language)).get()


def add_ecosystem(territory, language="fr", title="Santé", **fields):
    index = EcosystemIndexPage.objects.child_of(home_of(territory, language)).get()
    page = EcosystemPage(
        title=title, slug=f"filiere-{uuid.uuid4().hex[:8]}", summary="Résumé", **fields
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_story(territory, ecosystem, language="fr", *, live=True, image=None, **fields):
    values = {
        "title": "Medilab s'installe",
        "company_name": "Medilab",
        "year": 2024,
        "summary": "Un laboratoire de 40 personnes",
        "jobs_created": 40,
        **fields,
    }
    page = SuccessStoryPage(
        slug=f"story-{uuid.uuid4().hex[:8]}", ecosystem=ecosystem, image=image, **values
    )
    stories_index(territory, language).add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    return page


def story_form(filiere, **overrides):
    values = {
        "title": "Medilab s'installe",
        "slug": "medilab",
        "company_name": "Medilab",
        "ecosystem": filiere.pk if filiere is not None else "",
        "jobs_created": "40",
        "investment": "2500000",
        "year": "2024",
        "summary": "Un laboratoire",
        "image": "",
        "quote": "",
        "quote_author": "",
        "body": rich_text(""),
        "photos": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "og_image": "",
    }
    values.update(overrides)
    data = nested_form_data(values)
    data["body-count"] = "0"
    return data


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["attractiveness", "successstorypage", index.pk])


def path(page) -> str:
    return page.get_url_parts()[2]


def get(client, url, host, **params):
    response = client.get(url, params, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


# Where they live --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "slug", "title"),
    [
        ("fr", "temoignages", "Ils ont choisi le territoire"),
        ("en", "success-stories", "Success stories"),
    ],
)
def test_every_territory_has_a_stories_section_in_each_language(
    two_territories, language, slug, title
):
    for tenant in two_territories:
        index = stories_index(tenant.territory, language)
        assert (index.slug, index.title) == (slug, title)
        assert index.live


# Who may write them -----------------------------------------------------------------------


def test_an_editor_adds_a_story_in_a_filiere_of_the_territory(two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory)
    client = admin_client(own.editor)
    response = client.post(add_url(stories_index(own.territory)), story_form(ecosystem))
    assert response.status_code == 302, response.context["form"].errors
    story = SuccessStoryPage.objects.get(slug="medilab")
    assert story.ecosystem_id == ecosystem.pk and story.investment == Decimal("2500000")
    assert not story.live  # a draft until a moderator publishes it


def test_another_territorys_filiere_is_a_form_error(two_territories):
    own, other = two_territories
    foreign = add_ecosystem(other.territory, title="ZSEVRE filière")
    client = admin_client(own.editor)
    response = client.post(add_url(stories_index(own.territory)), story_form(foreign))
    assert response.status_code == 200
    assert "ecosystem" in response.context["form"].errors
    assert "ZSEVRE" not in response.content.decode()
    assert not SuccessStoryPage.objects.filter(slug="medilab").exists()


def test_a_person_in_two_territories_cannot_cross_them_either(two_territories):
    """The chooser offers an editor of both territories the filières of both: the story's
    own territory decides."""
    own, other = two_territories
    own.editor.groups.add(other.territory.group_for("Editors"))
    foreign = add_ecosystem(other.territory)
    client = admin_client(own.editor)
    response = client.post(add_url(stories_index(own.territory)), story_form(foreign))
    assert response.status_code == 200
    assert response.context["form"].errors["ecosystem"] == [NOT_OURS]
    assert not SuccessStoryPage.objects.filter(slug="medilab").exists()


def test_a_story_edited_to_another_territorys_filiere_keeps_its_own(two_territories):
    own, other = two_territories
    story = add_story(own.territory, add_ecosystem(own.territory))
    foreign = add_ecosystem(other.territory)
    client = admin_client(own.editor)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    response = client.post(url, story_form(foreign, slug=story.slug))
    assert response.status_code == 200
    assert "ecosystem" in response.context["form"].errors
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().ecosystem_id != foreign.pk


@pytest.mark.parametrize(
    ("field", "value"),
    [("ecosystem", "999999999"), ("ecosystem", "abc"), ("year", "1492"), ("investment", "-5")],
)
def test_malformed_fields_are_form_errors(two_territories, field, value):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory)
    client = admin_client(own.editor)
    response = client.post(
        add_url(stories_index(own.territory)), story_form(ecosystem, **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SuccessStoryPage.objects.filter(slug="medilab").exists()


def test_an_editor_cannot_add_a_story_to_another_territory(two_territories):
    own, other = two_territories
    client = admin_client(own.editor)
    index = stories_index(other.territory)
    assert is_denied(client.get(add_url(index)))
    assert is_denied(client.post(add_url(index), story_form(add_ecosystem(other.territory))))
    assert not SuccessStoryPage.objects.filter(slug="medilab").exists()


# Where they show --------------------------------------------------------------------------


def test_a_story_page_shows_its_facts_quote_photos_and_filiere(client, two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory, title="Santé")
    photo = Image.objects.create(
        title="Labo", file=get_test_image_file(), collection=own.territory.collection
    )
    story = add_story(
        own.territory,
        ecosystem,
        investment=Decimal("2500000"),
        quote="Nous avons trouvé ici nos ingénieurs.",
        quote_author="Anne Roy, directrice",
    )
    SuccessStoryPhoto.objects.create(page=story, image=photo, caption="Le nouveau laboratoire")
    html = get(client, story.url, own.host)
    assert "Medilab" in html and "2024" in html and "Anne Roy, directrice" in html
    assert "2\u202f500\u202f000" in html or "2 500 000" in html or "2\xa0500\xa0000" in html
    assert f'href="{path(ecosystem)}"' in html
    assert "Le nouveau laboratoire" in html and "<img" in html


def test_hostile_text_is_escaped_everywhere_a_story_shows(client, two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory)
    story = add_story(
        own.territory,
        ecosystem,
        title=f"Titre {HOSTILE}",
        company_name=HOSTILE,
        summary=HOSTILE,
        quote=HOSTILE,
        quote_author=HOSTILE,
    )
    for url in (
        story.url,
        stories_index(own.territory).url,
        home_of(own.territory).url,
        ecosystem.url,
    ):
        html = get(client, url, own.host)
        assert ESCAPED in html, url
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_the_home_shows_the_latest_stories_of_its_own_territory_only(client, two_territories):
    own, other = two_territories
    mine = add_ecosystem(own.territory)
    add_story(own.territory, mine, title="Histoire visible", year=2023)
    add_story(own.territory, mine, title="Histoire brouillon", live=False)
    add_story(other.territory, add_ecosystem(other.territory), title="ZSEVRE histoire")
    html = get(client, home_of(own.territory).url, own.host)
    assert "Histoire visible" in html and 'id="stories-title"' in html
    assert "Histoire brouillon" not in html and "ZSEVRE" not in html


def test_the_home_has_no_stories_block_without_stories(client, two_territories):
    own, _other = two_territories
    html = get(client, home_of(own.territory).url, own.host)
    assert 'id="stories-title"' not in html


def test_a_filiere_lists_its_own_stories_six_at_most(client, two_territories):
    own, _other = two_territories
    health = add_ecosystem(own.territory, title="Santé")
    aero = add_ecosystem(own.territory, title="Aéro")
    for number in range(8):
        add_story(own.territory, health, title=f"Santé histoire {number}", year=2010 + number)
    add_story(own.territory, aero, title="Aéro histoire")
    add_story(own.territory, health, title="Santé brouillon", live=False)
    html = get(client, health.url, own.host)
    assert html.count("Santé histoire") == 6
    assert "Santé histoire 7" in html and "Santé histoire 1" not in html  # the latest first
    assert "Aéro histoire" not in html and "Santé brouillon" not in html
    assert 'id="ecosystem-stories-title"' in html
    assert 'id="ecosystem-stories-title"' not in get(
        client, add_ecosystem(own.territory).url, own.host
    )


def test_the_index_pages_twelve_stories_at_a_time(client, two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory)
    for number in range(13):
        add_story(own.territory, ecosystem, title=f"Histoire n°{number:02d}", year=2000 + number)
    index = stories_index(own.territory)
    first = get(client, index.url, own.host)
    assert first.count("Histoire n°") == 12 and "Histoire n°00" not in first
    assert 'rel="next"' in first
    second = get(client, index.url, own.host, page="2")
    assert second.count("Histoire n°") == 1 and "Histoire n°00" in second
    for malformed in ("abc", "-1", "99999", "1" * 400):
        assert get(client, index.url, own.host, page=malformed).count("Histoire n°") in (1, 12)


# Filière pages ------------------------------------------------------------------------------


def test_a_filiere_shows_its_figures_contact_and_call_to_action(client, two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(
        own.territory,
        contact_name="Claire Martin",
        contact_role="Chargée d'affaires santé",
        contact_email="claire.martin@example.org",
        contact_phone="04 00 00 00 00",
        cta_label="Parlons de votre projet",
    )
    EcosystemFigure.objects.create(
        page=ecosystem, value=Decimal("4200"), label="emplois", source="URSSAF", year=2024
    )
    EcosystemFigure.objects.create(
        page=ecosystem, value=Decimal("12.5"), unit="%", label="croissance"
    )
    html = get(client, ecosystem.url, own.host)
    assert "emplois" in html and "URSSAF, 2024" in html and "croissance" in html
    assert "Claire Martin" in html and 'href="mailto:claire.martin@example.org"' in html
    assert 'href="tel:0400000000"' in html
    project = home_of(own.territory).get_children().get(content_type__model="projectinquirypage")
    assert f'href="{path(project)}">Parlons de votre projet</a>' in html


def test_the_call_to_action_falls_back_to_the_contact_page(client, two_territories):
    own, _other = two_territories
    home = home_of(own.territory)
    home.get_children().get(content_type__model="projectinquirypage").specific.unpublish()
    ecosystem = add_ecosystem(own.territory, cta_label="Écrivez-nous")
    contact = home.get_children().get(content_type__model="contactpage")
    html = get(client, ecosystem.url, own.host)
    assert f'href="{path(contact)}">Écrivez-nous</a>' in html


def test_a_filiere_without_figures_contact_or_label_shows_none_of_them(client, two_territories):
    own, _other = two_territories
    html = get(client, add_ecosystem(own.territory).url, own.host)
    assert 'id="ecosystem-figures-title"' not in html
    assert 'id="ecosystem-contact-title"' not in html


# Queries -------------------------------------------------------------------------------------


def _uncached_queries(client, url: str, host: str, probe: str) -> int:
    client.get(url, {"warm": probe}, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"probe": probe}, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def test_listings_queries_do_not_grow_with_the_stories(client, two_territories):
    own, _other = two_territories
    image = Image.objects.create(
        title="Photo", file=get_test_image_file(), collection=own.territory.collection
    )
    ecosystem = add_ecosystem(own.territory)
    urls = [home_of(own.territory).url, stories_index(own.territory).url, ecosystem.url]

    add_story(own.territory, ecosystem, image=image)
    add_story(own.territory, ecosystem, image=image)
    small = [_uncached_queries(client, url, own.host, "small") for url in urls]
    for _ in range(10):
        add_story(own.territory, ecosystem, image=image)
    large = [_uncached_queries(client, url, own.host, "large") for url in urls]
    assert large == small, dict(zip(urls, zip(small, large, strict=True), strict=True))


def test_listings_read_only_the_teasers_columns(client, two_territories):
    own, _other = two_territories
    ecosystem = add_ecosystem(own.territory)
    add_story(own.territory, ecosystem, quote="Citation jamais lue par une liste")
    with CaptureQueriesContext(connection) as queries:
        get(client, stories_index(own.territory).url, own.host, probe="columns")
    story_reads = [
        query["sql"] for query in queries if "attractiveness_successstorypage" in query["sql"]
    ]
    assert story_reads
    assert not any('"quote"' in sql or '"body"' in sql for sql in story_reads)
