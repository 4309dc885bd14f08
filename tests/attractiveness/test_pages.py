"""Every public page type: where it may be created, and that it renders in both languages
with one h1, the right ``lang`` attributes and a language switcher to its translation."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from attractiveness.models import (
    CompanyDirectoryPage,
    EcosystemIndexPage,
    EcosystemPage,
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
)
from home.models import ContactFormField, ContactPage, HomePage, StandardPage
from investors.models import ProjectInquiryPage
from realestate.models import OfferIndexPage
from tests.public_forms import token_in

H1 = re.compile(r"<h1[\s>]")


class _PageAssertions(WagtailPageTestCase):
    """Wagtail's page assertions, borrowed for pytest functions (no unittest lifecycle)."""

    def runTest(self):  # pragma: no cover - never run, lets the class be instantiated
        pass


@pytest.fixture
def wagtail_asserts(client, two_territories):
    lyonne = two_territories[0]
    client.defaults["HTTP_HOST"] = lyonne.host
    case = _PageAssertions()
    case.client = client
    case.dummy_request = get_dummy_request(site=lyonne.territory.site)
    return case


def _homes(territory) -> dict:
    root = territory.site.root_page
    pages = HomePage.objects.filter(translation_key=root.translation_key).select_related("locale")
    return {page.locale.language_code: page for page in pages}


def _child_of_type(home, model):
    return model.objects.child_of(home).get()


def _add(parent, model, key, **fields):
    page = model(translation_key=key, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def content(two_territories):
    """One page of each leaf type under each home page of the first territory, fr and en
    translations of each other."""
    territory = two_territories[0].territory
    start = timezone.now() + dt.timedelta(days=10)
    keys = {name: uuid.uuid4() for name in ("ecosystem", "news", "event", "sub", "story")}
    made = {}
    for language, home in _homes(territory).items():
        made[language] = {
            "ecosystem": _add(
                _child_of_type(home, EcosystemIndexPage),
                EcosystemPage,
                keys["ecosystem"],
                title=f"Aéronautique {language}",
                slug=f"aero-{language}",
                summary="Résumé",
            ),
            "news": _add(
                _child_of_type(home, NewsIndexPage),
                NewsPage,
                keys["news"],
                title=f"Nouvelle {language}",
                slug=f"nouvelle-{language}",
                summary="Résumé",
            ),
            "event": _add(
                _child_of_type(home, EventIndexPage),
                EventPage,
                keys["event"],
                title=f"Forum {language}",
                slug=f"forum-{language}",
                summary="Résumé",
                start=start,
                end=start + dt.timedelta(hours=2),
                venue="Halle",
            ),
        }
        made[language]["story"] = _add(
            _child_of_type(home, SuccessStoryIndexPage),
            SuccessStoryPage,
            keys["story"],
            title=f"Témoignage {language}",
            slug=f"temoignage-{language}",
            summary="Résumé",
            company_name="Medilab",
            year=2024,
            ecosystem=made[language]["ecosystem"],
        )
    return made


def test_page_types_are_created_where_the_tree_needs_them(wagtail_asserts):
    t = wagtail_asserts
    t.assertAllowedParentPageTypes(HomePage, {Page})
    t.assertAllowedSubpageTypes(
        HomePage,
        {
            EcosystemIndexPage,
            CompanyDirectoryPage,
            NewsIndexPage,
            EventIndexPage,
            StandardPage,
            ContactPage,
            OfferIndexPage,
            ProjectInquiryPage,
            SuccessStoryIndexPage,
        },
    )
    for parent, child in (
        (EcosystemIndexPage, EcosystemPage),
        (SuccessStoryIndexPage, SuccessStoryPage),
        (NewsIndexPage, NewsPage),
        (EventIndexPage, EventPage),
        (StandardPage, StandardPage),
    ):
        t.assertCanCreateAt(parent, child)
    for parent, child in (
        (HomePage, NewsPage),
        (HomePage, EcosystemPage),
        (EcosystemIndexPage, NewsPage),
        (NewsIndexPage, EventPage),
        (ContactPage, StandardPage),
        (OfferIndexPage, StandardPage),
        (EcosystemPage, EcosystemPage),
        (HomePage, SuccessStoryPage),
        (EcosystemIndexPage, SuccessStoryPage),
    ):
        t.assertCanNotCreateAt(parent, child)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_type_renders_with_one_h1_and_its_language(
    wagtail_asserts, client, two_territories, content, language
):
    territory = two_territories[0].territory
    home = _homes(territory)[language]
    pages = [home, *home.get_descendants().live().specific()]
    rendered_types = set()
    for page in pages:
        wagtail_asserts.assertPageIsRenderable(page)
        html = client.get(page.get_url(wagtail_asserts.dummy_request)).content.decode()
        assert len(H1.findall(html)) == 1, f"{type(page).__name__} {page.url_path}: not one h1"
        assert f'<html lang="{language}">' in html
        assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
        rendered_types.add(type(page))
    assert rendered_types == {
        HomePage,
        EcosystemIndexPage,
        CompanyDirectoryPage,
        EcosystemPage,
        NewsIndexPage,
        NewsPage,
        EventIndexPage,
        EventPage,
        StandardPage,
        ContactPage,
        OfferIndexPage,
        ProjectInquiryPage,
        SuccessStoryIndexPage,
        SuccessStoryPage,
    }


def test_interface_strings_follow_the_language(client, two_territories):
    host = two_territories[0].host
    french = client.get("/fr/", HTTP_HOST=host).content.decode()
    english = client.get("/en/", HTTP_HOST=host).content.decode()
    assert "Aller au contenu" in french and "Menu principal" in french
    assert "Skip to content" in english and "Main menu" in english
    assert "Aller au contenu" not in english


def test_language_switcher_links_to_the_translation_of_the_page(client, two_territories, content):
    host, site = two_territories[0].host, two_territories[0].territory.site
    french = content["fr"]["ecosystem"].relative_url(site)
    english = content["en"]["ecosystem"].relative_url(site)
    assert french.startswith("/fr/") and english.startswith("/en/")
    html = client.get(french, HTTP_HOST=host).content.decode()
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in html
    assert f'<a href="{french}" hreflang="fr" lang="fr" aria-current="true">Français</a>' in html
    assert f'<link rel="alternate" hreflang="en" href="http://{host}{english}">' in html
    assert f'<link rel="canonical" href="http://{host}{french}">' in html
    # The territory's name is French: marked as such on English pages.
    english_html = client.get(english, HTTP_HOST=host).content.decode()
    assert 'class="brand__text" lang="fr"' in english_html


def test_breadcrumb_and_current_section(client, two_territories, content):
    host, site = two_territories[0].host, two_territories[0].territory.site
    html = client.get(content["fr"]["news"].relative_url(site), HTTP_HOST=host).content.decode()
    crumbs = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert "Accueil" in crumbs and "Actualités" in crumbs and 'aria-current="page"' in crumbs
    # The news index is the current section of the main menu.
    assert re.search(r'aria-current="true">Actualités</a>', html)


def test_contact_form_answers_bad_input_with_form_errors(client, two_territories):
    host, site = two_territories[0].host, two_territories[0].territory.site
    contact = (
        ContactPage.objects.filter(locale__language_code="fr")
        .child_of(_homes(two_territories[0].territory)["fr"])
        .get()
    )
    contact.form_fields = [
        ContactFormField(label="Adresse électronique", field_type="email", required=True),
        ContactFormField(label="Message", field_type="multiline", required=True),
    ]
    contact.save_revision().publish()
    url = contact.relative_url(site)
    response = client.post(url, {"adresse_electronique": "not-an-email"}, HTTP_HOST=host)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="field field--error"' in html and 'class="error"' in html
    response = client.post(
        url,
        {
            "adresse_electronique": "camille@example.org",
            "message": "Bonjour",
            # As a browser does: the token of the form shown again with its errors.
            "submission_token": token_in(response),
        },
        HTTP_HOST=host,
        follow=True,
    )
    assert response.status_code == 200 and "Merci" in response.content.decode()


def test_unknown_host_and_unknown_page_are_404s_without_leaks(client, two_territories):
    lyonne, sevre = two_territories
    response = client.get("/fr/", HTTP_HOST="nowhere.test")
    assert response.status_code == 404
    html = response.content.decode()
    assert lyonne.territory.name not in html and sevre.territory.name not in html
    assert len(H1.findall(html)) == 1
    response = client.get("/fr/page-qui-n-existe-pas/", HTTP_HOST=lyonne.host)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_platform_host_lists_the_live_territories(client, two_territories):
    response = client.get("/fr/", HTTP_HOST="localhost")
    html = response.content.decode()
    assert response.status_code == 200
    assert all(t.territory.name in html for t in two_territories)
    assert len(H1.findall(html)) == 1
