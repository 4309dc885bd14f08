"""The home page's blocks (news, events, stories, figures, filières) are rendered once per
host, language and page-cache generation (home/sections.py, ``HomePage.get_context``).

Every request here carries a query string the page cache has never seen: a page-cache miss,
the page rendered for it, its blocks from their own cache when nothing was purged since.
A probe block (below) counts the renders of the blocks themselves.
"""

import datetime as dt
import time
import uuid

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from attractiveness.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from bench.generate_data import populate_territory
from home.sections import HomeSection
from tests.world import TERRITORIES

HOST, HOST_B = TERRITORIES[0][1], TERRITORIES[1][1]
RENDERS = []  # one entry per render of the probe block: (host, language)


def probe_context(request, home, chrome) -> dict:
    RENDERS.append((request.get_host(), home.locale.language_code))
    return {"marker": f"home-{home.pk}"}


@pytest.fixture
def probe(monkeypatch):
    """A block of the test app's, first on the home page: counts its renders and shows what
    of the visitor its template could reach."""
    section = HomeSection("probe", "testapp/home_probe.html", f"{__name__}.probe_context", order=5)
    monkeypatch.setattr(apps.get_app_config("testapp"), "home_sections", [section], raising=False)
    RENDERS.clear()
    return RENDERS


@pytest.fixture
def territory(two_territories):
    territory = two_territories[0].territory
    populate_territory(territory, pages=2, figures=2, images=False)
    return territory


def _home(client, language="fr", host=HOST) -> str:
    response = client.get(f"/{language}/?visit={uuid.uuid4().hex}", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return response.content.decode()


def _index(territory, model, language="fr"):
    home = territory.site.root_page
    if home.locale.language_code != language:
        home = home.get_translations().get(locale__language_code=language)
    return model.objects.child_of(home).get()


def _news(index, title, *, publish=True) -> NewsPage:
    page = NewsPage(
        title=title,
        slug=f"news-{uuid.uuid4().hex[:8]}",
        summary="Résumé",
        date=timezone.localdate(),  # the newest: first on the home page
        locale_id=index.locale_id,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        Page.objects.filter(pk=page.pk).update(live=False)
        page.refresh_from_db()
        page.save_revision()  # a draft, as the admin saves it
    return page


def test_a_published_news_item_shows_on_the_next_render_and_leaves_when_unpublished(
    client, territory, probe
):
    index = _index(territory, NewsIndexPage)
    _home(client)
    assert "Nouvelle du jour" not in _home(client)
    assert len(probe) == 1  # the second render took the blocks from their cache

    news = _news(index, "Nouvelle du jour")
    assert "Nouvelle du jour<" in _home(client)
    assert len(probe) == 2

    Page.objects.get(pk=news.pk).unpublish()  # as the admin does it
    assert "Nouvelle du jour" not in _home(client)

    news = _news(index, "Nouvelle du soir")
    assert "Nouvelle du soir<" in _home(client)
    Page.objects.get(pk=news.pk).delete()
    assert "Nouvelle du soir" not in _home(client)


def test_another_territorys_publication_keeps_this_ones_blocks(
    client, two_territories, territory, probe
):
    _home(client)
    _home(client, host=HOST_B)
    assert probe == [(HOST, "fr"), (HOST_B, "fr")]

    other = _index(two_territories[1].territory, NewsIndexPage)
    _news(other, "Nouvelle de Sèvre")
    html = _home(client)
    assert "Nouvelle de Sèvre" not in html
    assert probe == [(HOST, "fr"), (HOST_B, "fr")]  # this territory's blocks, still cached
    assert "Nouvelle de Sèvre<" in _home(client, host=HOST_B)
    assert probe[-1] == (HOST_B, "fr")


def test_each_language_has_its_own_blocks(client, territory, probe):
    french = _home(client, "fr")
    english = _home(client, "en")
    assert "Actualité 1<" in french and "News item 1<" not in french
    assert "News item 1<" in english and "Actualité 1<" not in english
    assert [language for _host, language in probe] == ["fr", "en"]
    assert "News item 1<" not in _home(client, "fr")
    assert "Actualité 1<" not in _home(client, "en")
    assert len(probe) == 2


def test_drafts_and_private_news_never_show(client, territory):
    index = _index(territory, NewsIndexPage)
    _news(index, "Brouillon secret", publish=False)
    public = _news(index, "Nouvelle publique")
    assert "Nouvelle publique<" in _home(client)

    # A new title saved as a draft of the live page: visitors keep the published one.
    draft = NewsPage.objects.get(pk=public.pk)
    draft.title = "Titre pas encore publié"
    draft.save_revision()
    html = _home(client)
    assert "Nouvelle publique<" in html
    assert "Brouillon secret" not in html and "Titre pas encore publié" not in html

    PageViewRestriction.objects.create(page=public, restriction_type="password", password="x")
    assert "Nouvelle publique" not in _home(client)


def test_blocks_are_rendered_without_the_visitor(client, territory, probe, django_user_model):
    """A signed-in visitor's render fills the blocks' cache: nothing of theirs gets in."""
    user = django_user_model.objects.create_user(email="investor@example.org", password="x")
    client.force_login(user)
    signed_in = client.get(f"/fr/?visit={uuid.uuid4().hex}", HTTP_HOST=HOST).content.decode()
    assert "investor@example.org" not in signed_in  # the probe could not reach the user
    home = territory.site.root_page
    probed = f"probe[home-{home.pk}|||||{home.pk}]"  # the home page, and nothing of the user
    assert probed in signed_in

    client.logout()
    anonymous = _home(client)
    assert probed in anonymous
    assert len(probe) == 1  # the signed-in render's blocks, shared


def test_blocks_are_rendered_again_when_the_first_upcoming_event_starts(client, territory):
    index = _index(territory, EventIndexPage)
    start = timezone.now() + dt.timedelta(seconds=2)
    event = EventPage(
        title="Forum imminent",
        slug="forum-imminent",
        summary="Résumé",
        start=start,
        end=start + dt.timedelta(hours=2),
        locale_id=index.locale_id,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    assert "Forum imminent<" in _home(client)
    time.sleep(max(0.0, (start - timezone.now()).total_seconds()) + 0.2)
    assert "Forum imminent" not in _home(client)  # started: no longer upcoming


def test_a_preview_is_rendered_and_never_cached(client, territory, probe):
    home = territory.site.root_page.specific
    home.hero_title = "Titre en préparation"
    for _ in range(2):
        response = home.make_preview_request()
        assert response.status_code == 200
        assert "Titre en préparation" in response.content.decode()
    assert len(probe) == 2
    assert "Titre en préparation" not in _home(client)
    assert len(probe) == 3  # the public render did not find the previews' blocks
