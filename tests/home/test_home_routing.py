"""A territory's home page (``/fr/``, ``/en/``) is routed from the site's chrome
(``home.chrome.route_home``), its view restrictions known from it: no query when nothing
was purged. Wagtail's serve view still runs, with its hooks and its restriction check.

Each case is answered twice, routed from the chrome and by Wagtail's own routing
(``route_home`` switched off), and the two answers must be the same: the page, the
redirect to the login, the password form, the 404.
"""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage
from tests.cache_reads import count_cache_reads
from tests.world import TERRITORIES

(NAME, HOST), (NAME_B, HOST_B) = TERRITORIES[0], TERRITORIES[1]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def territory(two_territories):
    return two_territories[0].territory


def _home(territory, language="fr") -> HomePage:
    root = territory.site.root_page.specific
    if root.locale.language_code == language:
        return root
    return root.get_translations().get(locale__language_code=language).specific


def _get(client, path, host, probe):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{path}?route={probe}", HTTP_HOST=host)
    return response, len(queries)


def _answer(response) -> tuple:
    body = CSRF.sub("", response.content.decode())
    return response.status_code, response.get("Location"), body


def both_ways(client, monkeypatch, path="/fr/", host=HOST):
    """The answer routed from the chrome, then Wagtail's own to the same request; both,
    with the queries each took. The chrome is warm for the first (a visit before)."""
    client.get(f"{path}?warm={uuid.uuid4().hex}", HTTP_HOST=host)
    probe = uuid.uuid4().hex  # one query string the page cache never stores (undeclared)
    chrome = _get(client, path, host, probe)
    with monkeypatch.context() as patch:
        patch.setattr("home.views.route_home", lambda request: None)
        wagtail = _get(client, path, host, probe)
    assert _answer(chrome[0]) == _answer(wagtail[0])
    return chrome, wagtail


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_is_routed_without_a_query_and_serves_the_same(
    client, monkeypatch, territory, language
):
    (response, queries), (_same, wagtail_queries) = both_ways(client, monkeypatch, f"/{language}/")
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert queries == 0
    # Wagtail's routing: the locale, the localized root (in English), the specific page, the
    # ancestors and the restrictions of its check.
    assert wagtail_queries == (4 if language == "fr" else 5)
    assert _home(territory, language).hero_title in response.content.decode()


def test_another_territorys_host_is_routed_to_its_own_home(client, monkeypatch, territory):
    (a, _q), _w = both_ways(client, monkeypatch, "/fr/", HOST)
    (b, _q), _w = both_ways(client, monkeypatch, "/fr/", HOST_B)
    assert f"· {NAME}</title>" in a.content.decode()
    assert f"· {NAME_B}</title>" in b.content.decode()


def test_serve_hooks_run_for_a_home_page_routed_from_the_chrome(client, territory):
    served = []

    def before(page, request, serve_args, serve_kwargs):
        served.append(("before", type(page), page.pk))
        if request.GET.get("answer"):
            return HttpResponse("from the hook")

    def on_serve(next_serve_page):
        def wrapped(page, request, args, kwargs):
            served.append(("on", type(page), page.pk))
            return next_serve_page(page, request, args, kwargs)

        return wrapped

    client.get("/en/?warm=1", HTTP_HOST=HOST)
    english = _home(territory, "en")
    with (
        hooks.register_temporarily("before_serve_page", before),
        hooks.register_temporarily("on_serve_page", on_serve),
    ):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/en/?visit=1", HTTP_HOST=HOST)
        answered = client.get("/en/?answer=1", HTTP_HOST=HOST)
    assert len(queries) == 0  # routed from the chrome, yet the hooks ran
    assert page.status_code == 200
    assert answered.content == b"from the hook"
    assert served == [
        ("before", HomePage, english.pk),
        ("on", HomePage, english.pk),
        ("before", HomePage, english.pk),
    ]


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.LOGIN},
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "secret"},
        {"restriction_type": PageViewRestriction.GROUPS},
    ],
    ids=["login", "password", "groups"],
)
def test_a_private_home_page_answers_as_wagtail_does(client, monkeypatch, territory, restriction):
    both_ways(client, monkeypatch)  # the chrome cached while the page was public
    made = PageViewRestriction.objects.create(page=_home(territory), **restriction)
    if restriction["restriction_type"] == PageViewRestriction.GROUPS:
        made.groups.add(Group.objects.create(name="Investors club"))
    (response, _q), _wagtail = both_ways(client, monkeypatch)
    if restriction["restriction_type"] == PageViewRestriction.PASSWORD:
        assert response.status_code == 200 and 'name="password"' in response.content.decode()
    else:
        assert response.status_code == 302
        assert "/login/?next=/fr/" in response["Location"]
    assert "X-Page-Cache" not in response  # never stored, never served from the cache
    assert client.get("/fr/", HTTP_HOST=HOST).status_code == response.status_code
    # The English home page is not under it.
    (english, queries), _w = both_ways(client, monkeypatch, "/en/")
    assert english.status_code == 200 and queries == 0

    made.delete()
    (response, queries), _w = both_ways(client, monkeypatch)
    assert response.status_code == 200 and queries == 0


def test_a_restriction_on_the_trees_root_covers_every_home_page(client, monkeypatch, territory):
    """The root page belongs to no site: a restriction on it purges every host."""
    both_ways(client, monkeypatch, "/fr/", HOST)
    both_ways(client, monkeypatch, "/en/", HOST_B)
    PageViewRestriction.objects.create(
        page=Page.get_first_root_node(), restriction_type=PageViewRestriction.LOGIN
    )
    for path, host in (("/fr/", HOST), ("/en/", HOST_B)):
        (response, _q), _w = both_ways(client, monkeypatch, path, host)
        assert response.status_code == 302


def test_a_home_page_is_served_as_published_never_as_drafted(client, monkeypatch, territory):
    home = _home(territory)
    published = home.hero_title
    both_ways(client, monkeypatch)
    home.hero_title = "Un brouillon du titre"
    revision = home.save_revision()  # a draft: the live page is unchanged
    (response, queries), _w = both_ways(client, monkeypatch)
    html = response.content.decode()
    assert published in html and "Un brouillon du titre" not in html and queries == 0
    revision.publish()
    (response, _q), _w = both_ways(client, monkeypatch)
    assert "Un brouillon du titre" in response.content.decode()


def test_an_unpublished_translation_leaves_its_language_to_the_root(client, monkeypatch, territory):
    """As Wagtail's Page.localized: no live English home, /en/ serves the site's root page
    (in French); published again, the English one."""
    english = _home(territory, "en")
    both_ways(client, monkeypatch, "/en/")
    english.unpublish()
    (response, _q), _w = both_ways(client, monkeypatch, "/en/")
    assert response.status_code == 200
    assert _home(territory).hero_title in response.content.decode()
    english.refresh_from_db()
    english.save_revision().publish()
    (response, _q), _w = both_ways(client, monkeypatch, "/en/")
    assert english.hero_title in response.content.decode()


def test_an_unpublished_root_is_a_404_as_with_wagtail(client, monkeypatch, territory):
    both_ways(client, monkeypatch)
    _home(territory).unpublish()
    (response, _q), _w = both_ways(client, monkeypatch)
    assert response.status_code == 404


def test_menu_links_follow_a_renamed_section(client, monkeypatch, territory):
    """The menu's and footer's URLs are computed once, in the chrome: a section published
    under a new slug changes them at once."""
    section = _home(territory).get_children().live().filter(show_in_menus=True).first().specific
    old_url = section.get_url_parts()[2]  # relative, as on its own host
    (before, _q), _w = both_ways(client, monkeypatch)
    assert f'class="main-nav__link" href="{old_url}"' in before.content.decode()
    section.slug = "nouvelle-adresse"
    section.save_revision().publish()
    (after, _q), _w = both_ways(client, monkeypatch)
    html = after.content.decode()
    assert 'class="main-nav__link" href="/fr/nouvelle-adresse/"' in html
    assert f'href="{old_url}"' not in html


def test_an_uncached_home_page_costs_three_cache_reads(client, monkeypatch, territory):
    """The page with its host's generation, the host's territory, then the chrome with the
    home page's blocks (``prefetch_for_host``): no read of its own for the blocks, none for
    Wagtail's site root paths (in the chrome)."""
    reads = count_cache_reads(monkeypatch)
    client.get("/en/?warm=1", HTTP_HOST=HOST)
    reads.clear()
    response = client.get("/en/?visit=1", HTTP_HOST=HOST)
    assert response["X-Page-Cache"] == "miss"
    assert len(reads) == 3, reads
    chrome_and_blocks = reads[2]
    assert [key.split(":")[3] for key in chrome_and_blocks] == ["chrome", "home"]
