"""The page cache: anonymous GETs only, keyed by host, path and language, never personal or
admin pages, purged per territory on publication and on settings changes.

What may be stored (the allow-list, query strings), the headers browsers get and the purges
of moves, images and documents: test_page_cache_policy.py."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from attractiveness.models import NewsIndexPage, NewsPage
from core.page_cache import CACHE_HEADER, PageCacheMiddleware, mark_cacheable
from territories.models import TerritorySettings

pytestmark = pytest.mark.django_db

NEWS = "/fr/actualites/"


def get(client, tenant, path=NEWS, **extra):
    return client.get(path, HTTP_HOST=tenant.host, **extra)


def publish_news(tenant, title):
    index = NewsIndexPage.objects.descendant_of(tenant.territory.site.root_page).get(
        locale__language_code="fr"
    )
    page = NewsPage(title=title, summary="Résumé.", live=False)
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_anonymous_get_is_stored_then_served_from_the_cache(client, two_territories):
    a, _ = two_territories
    first, second = get(client, a), get(client, a)
    assert (first.status_code, first[CACHE_HEADER]) == (200, "miss")
    assert (second.status_code, second[CACHE_HEADER]) == (200, "hit")
    assert second.content == first.content
    assert not second.cookies


def test_same_path_on_another_host_is_never_served_from_the_first(client, two_territories):
    a, b = two_territories
    assert get(client, a)[CACHE_HEADER] == "miss"
    page_b = get(client, b)
    assert page_b[CACHE_HEADER] == "miss"
    body_b = page_b.content.decode()
    assert b.territory.name in body_b and a.territory.name not in body_b
    assert get(client, b)[CACHE_HEADER] == "hit"
    assert a.territory.name in get(client, a).content.decode()


def test_each_language_is_cached_apart(client, two_territories):
    a, _ = two_territories
    french = get(client, a, "/fr/")
    english = get(client, a, "/en/")
    assert french[CACHE_HEADER] == english[CACHE_HEADER] == "miss"
    assert 'lang="fr"' in french.content.decode()
    assert 'lang="en"' in english.content.decode()
    assert 'lang="en"' in get(client, a, "/en/").content.decode()


def test_a_request_with_a_session_is_never_served_nor_stored(client, two_territories):
    a, _ = two_territories
    assert get(client, a)[CACHE_HEADER] == "miss"
    client.force_login(a.editor)
    for _ in range(2):
        response = get(client, a)
        assert response.status_code == 200
        assert CACHE_HEADER not in response
    client.logout()
    client.cookies[settings.SESSION_COOKIE_NAME] = "anonymous-session"
    assert CACHE_HEADER not in get(client, a)


def test_post_is_never_answered_from_the_cache(client, two_territories):
    a, _ = two_territories
    assert get(client, a)[CACHE_HEADER] == "miss"
    response = client.post(NEWS, {"q": "x"}, HTTP_HOST=a.host)
    assert CACHE_HEADER not in response
    assert get(client, a)[CACHE_HEADER] == "hit"


def test_a_page_that_sets_a_cookie_is_not_stored(client, two_territories):
    a, _ = two_territories
    for _ in range(2):
        contact = get(client, a, "/fr/contact/")
        assert contact.status_code == 200
        assert settings.CSRF_COOKIE_NAME in contact.cookies
        assert CACHE_HEADER not in contact


def test_errors_and_redirects_are_not_stored(client, two_territories):
    a, _ = two_territories
    for _ in range(2):
        missing = get(client, a, "/fr/no-such-page/")
        assert missing.status_code == 404 and CACHE_HEADER not in missing
        redirect = get(client, a, "/")
        assert redirect.status_code == 302 and CACHE_HEADER not in redirect


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/login/", "/django-admin/", "/fr/accounts/login/", "/documents/1/"]
)
def test_admin_and_account_urls_are_never_stored(two_territories, path):
    """Through the middleware alone, with a view that opts in and would otherwise be stored."""
    a, _ = two_territories
    calls = []

    def view(request):
        calls.append(request.path)
        mark_cacheable(request)
        return HttpResponse("<p>personal</p>", content_type="text/html")

    middleware = PageCacheMiddleware(view)
    for _ in range(2):
        request = RequestFactory().get(path, HTTP_HOST=a.host)
        request.territory = a.territory
        assert CACHE_HEADER not in middleware(request)
    assert calls == [path, path]

    control = RequestFactory().get("/fr/cacheable/", HTTP_HOST=a.host)
    control.territory = a.territory
    assert middleware(control)[CACHE_HEADER] == "miss"


def test_publishing_and_unpublishing_purge_that_territory_only(client, two_territories):
    a, b = two_territories
    for tenant in (a, b):
        get(client, tenant)
        assert get(client, tenant)[CACHE_HEADER] == "hit"

    page = publish_news(a, "Inauguration du pôle fluvial")
    fresh = get(client, a)
    assert fresh[CACHE_HEADER] == "miss"
    assert "Inauguration du pôle fluvial" in fresh.content.decode()
    assert get(client, b)[CACHE_HEADER] == "hit"

    page.unpublish()
    after = get(client, a)
    assert after[CACHE_HEADER] == "miss"
    assert "Inauguration du pôle fluvial" not in after.content.decode()
    assert get(client, b)[CACHE_HEADER] == "hit"


def test_changing_territory_settings_purges_its_pages(client, two_territories):
    a, b = two_territories
    for tenant in (a, b):
        get(client, tenant)
    branding = TerritorySettings.for_site(a.territory.site)
    branding.primary_color = "#7a1f5c"
    branding.full_clean()
    branding.save()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"
