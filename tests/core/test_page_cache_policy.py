"""What the page cache may store (an allow-list), which query strings it keys on, what
browsers and shared caches are told, and the purges publication does not cover: page moves,
images, documents, the platform's directory."""

import io
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from attractiveness.models import NewsIndexPage, NewsPage
from core.checks import check_page_cache_backend
from core.page_cache import CACHE_HEADER, PageCacheMiddleware, _key, purge_host
from core.wagtail_hooks import is_publicly_cacheable
from territories.models import Territory
from tests.factories import make_territory

pytestmark = pytest.mark.django_db

NEWS = "/fr/actualites/"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://r/1"}}


def get(client, tenant, path=NEWS, **extra):
    return client.get(path, HTTP_HOST=tenant.host, **extra)


def stored(host: str, path: str) -> bool:
    """Whether the page cache holds an entry for this URL (read straight from the cache)."""
    return cache.get(_key(RequestFactory().get(path, HTTP_HOST=host), host)) is not None


def page_keys() -> set:
    """Every page entry in the cache, whatever its host or URL."""
    if hasattr(cache, "keys"):  # django-redis, under this process's key prefix
        return set(cache.keys("pc:page:*"))
    return {key for key in cache._cache if ":pc:page:" in key}


def news_index(tenant):
    return NewsIndexPage.objects.descendant_of(tenant.territory.site.root_page).get(
        locale__language_code="fr"
    )


def through_middleware(tenant, view, path="/fr/whatever/"):
    request = RequestFactory().get(path, HTTP_HOST=tenant.host)
    request.territory = tenant.territory
    return PageCacheMiddleware(view)(request)


# --- The allow-list -----------------------------------------------------------------------


def test_a_view_that_does_not_opt_in_is_never_stored(two_territories):
    """A newsletter confirmation or unsubscribe link, say: 200 HTML, anonymous, no cookie,
    exactly what the old opt-out cache stored by default."""
    a, _ = two_territories
    calls = []

    def token_view(request):
        calls.append(request.path)
        return HttpResponse("<p>Your subscription is confirmed.</p>", content_type="text/html")

    path = f"/fr/newsletter/confirm/{secrets.token_urlsafe(16)}/"
    for _ in range(2):
        response = through_middleware(a, token_view, path)
        assert response.status_code == 200
        assert CACHE_HEADER not in response
        # No shared cache in front may keep it either.
        assert response["Cache-Control"] == "private"
    assert calls == [path, path]
    assert page_keys() == set()


def test_a_view_that_sets_its_own_cache_control_keeps_it(two_territories):
    a, _ = two_territories

    def stylesheet(request):
        response = HttpResponse("a{}", content_type="text/css")
        response["Cache-Control"] = "public, max-age=300"
        return response

    assert through_middleware(a, stylesheet)["Cache-Control"] == "public, max-age=300"


def test_a_public_page_is_stored(client, two_territories):
    a, _ = two_territories
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert stored(a.host, NEWS)
    assert get(client, a)[CACHE_HEADER] == "hit"


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_a_restricted_page_is_never_stored(client, two_territories, restriction_type):
    a, _ = two_territories
    PageViewRestriction.objects.create(
        page=news_index(a), restriction_type=restriction_type, password="secret-word"
    )
    for _ in range(2):
        response = get(client, a)
        assert response.status_code in (200, 302)
        assert CACHE_HEADER not in response
    assert page_keys() == set()


def test_only_live_public_non_form_pages_opt_in(two_territories):
    """The hook's own rule, page by page: the responses above would also be refused for
    their cookie or status, this is what refuses them first."""
    a, _ = two_territories
    index = news_index(a)
    section = NewsPage(title="Sous restriction", summary="Résumé.", live=False)
    index.add_child(instance=section)
    section.save_revision().publish()
    section.refresh_from_db()
    assert is_publicly_cacheable(index) and is_publicly_cacheable(section)

    contact = Page.objects.descendant_of(a.territory.site.root_page).get(
        slug="contact", locale__language_code="fr"
    )
    assert not is_publicly_cacheable(contact.specific)

    restriction = PageViewRestriction.objects.create(page=index, restriction_type="login")
    assert not is_publicly_cacheable(index)
    assert not is_publicly_cacheable(section)  # restricted through its ancestor
    restriction.delete()
    section.unpublish()
    section.refresh_from_db()
    assert not is_publicly_cacheable(section)


def test_a_form_page_is_never_stored_even_for_a_visitor_who_has_a_csrf_cookie(
    client, two_territories
):
    """The second visit sends the CSRF cookie back: a stored copy would hand that visitor's
    token to everyone. Form pages never opt in."""
    a, _ = two_territories
    first = get(client, a, "/fr/contact/")
    assert settings.CSRF_COOKIE_NAME in client.cookies
    second = get(client, a, "/fr/contact/")
    for response in (first, second):
        assert response.status_code == 200
        assert CACHE_HEADER not in response
    assert page_keys() == set()


def test_allauth_pages_are_never_stored(client, two_territories):
    a, _ = two_territories
    for path in ("/fr/accounts/login/", "/en/accounts/signup/", "/fr/accounts/password/reset/"):
        response = get(client, a, path)
        assert response.status_code == 200
        assert CACHE_HEADER not in response
    assert page_keys() == set()


def test_a_page_class_may_decline(client, two_territories, monkeypatch):
    a, _ = two_territories
    monkeypatch.setattr(NewsIndexPage, "page_cache", False, raising=False)
    assert CACHE_HEADER not in get(client, a)
    assert page_keys() == set()


def test_the_platform_directory_opts_in_and_follows_the_territories(client, two_territories):
    first = client.get("/fr/", HTTP_HOST="localhost")
    assert (first.status_code, first[CACHE_HEADER]) == (200, "miss")
    assert client.get("/fr/", HTTP_HOST="localhost")[CACHE_HEADER] == "hit"

    make_territory("Causses et Cévennes", "causses.test")
    fresh = client.get("/fr/", HTTP_HOST="localhost")
    assert fresh[CACHE_HEADER] == "miss"
    assert "Causses et Cévennes" in fresh.content.decode()

    territory = Territory.objects.get(name="Causses et Cévennes")
    territory.name = "Grands Causses"
    territory.save()
    renamed = client.get("/fr/", HTTP_HOST="localhost").content.decode()
    assert "Grands Causses" in renamed and "Causses et Cévennes" not in renamed


# --- Query strings ------------------------------------------------------------------------


def test_two_hundred_random_query_strings_store_nothing(client, two_territories):
    a, _ = two_territories
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert len(page_keys()) == 1
    for _ in range(200):
        name = secrets.choice(["utm_source", "r", "fbclid", "page", secrets.token_hex(3)])
        response = get(client, a, f"{NEWS}?{name}={secrets.token_hex(6)}&x={secrets.token_hex(2)}")
        assert response.status_code == 200
        assert response[CACHE_HEADER] == "miss"  # served, rendered, never from the cache
    assert len(page_keys()) == 1
    assert get(client, a)[CACHE_HEADER] == "hit"


def test_declared_query_parameters_are_cached_in_a_normalized_key(
    client, two_territories, monkeypatch
):
    a, _ = two_territories
    monkeypatch.setattr(NewsIndexPage, "cache_query_params", ("page", "sort"), raising=False)
    assert get(client, a, f"{NEWS}?page=2")[CACHE_HEADER] == "miss"
    assert get(client, a, f"{NEWS}?page=2")[CACHE_HEADER] == "hit"
    assert get(client, a, f"{NEWS}?sort=date&page=2")[CACHE_HEADER] == "miss"
    assert get(client, a, f"{NEWS}?page=2&sort=date")[CACHE_HEADER] == "hit"
    # One undeclared parameter is enough to bypass the cache.
    assert get(client, a, f"{NEWS}?page=2&utm=x")[CACHE_HEADER] == "miss"
    assert not stored(a.host, f"{NEWS}?page=2&utm=x")
    # Another page does not inherit the news index's declaration.
    assert get(client, a, "/fr/?page=2")[CACHE_HEADER] == "miss"
    assert not stored(a.host, "/fr/?page=2")
    assert len(page_keys()) == 2


def test_hostile_query_strings_are_answered_not_500(client, two_territories):
    a, _ = two_territories
    for query in ("%ff%fe=%00", "a=" + "x" * 5000, "&".join(f"k{i}=v" for i in range(1500))):
        response = get(client, a, f"{NEWS}?{query}")
        assert response.status_code in (200, 400)
    assert page_keys() == set()


# --- What browsers and shared caches are told ---------------------------------------------


def test_cached_pages_make_browsers_revalidate(client, two_territories):
    a, _ = two_territories
    for response in (get(client, a), get(client, a)):
        assert response["Cache-Control"] == "no-cache"
        assert "Expires" not in response
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")


def test_a_matching_conditional_get_is_answered_304_from_a_hit(client, two_territories):
    a, _ = two_territories
    first = get(client, a)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": last_modified}):
        response = get(client, a, **headers)
        assert (response.status_code, response[CACHE_HEADER]) == (304, "hit")
        assert response.content == b""
        assert response["ETag"] == etag and response["Cache-Control"] == "no-cache"
    stale = get(client, a, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert (stale.status_code, stale.content) == (200, first.content)


def test_a_conditional_get_after_a_purge_is_304_when_nothing_changed(client, two_territories):
    a, _ = two_territories
    etag = get(client, a)["ETag"]
    purge_host(a.host)
    response = get(client, a, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response[CACHE_HEADER]) == (304, "miss")
    # The full page was stored, not the 304.
    assert get(client, a).content.decode().count("<html") == 1


def test_a_conditional_get_after_a_publication_gets_the_new_page(client, two_territories):
    a, _ = two_territories
    etag = get(client, a)["ETag"]
    page = NewsPage(title="Ouverture de la passerelle", summary="Résumé.", live=False)
    news_index(a).add_child(instance=page)
    page.save_revision().publish()
    response = get(client, a, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "Ouverture de la passerelle" in response.content.decode()


class _PurgeRecorder(BaseHTTPRequestHandler):
    received: list

    def do_PURGE(self):
        self.received.append((self.path, self.headers["Host"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purging_cache():
    """A real HTTP server on a loopback port that accepts PURGE, as Varnish would."""
    handler = type("Recorder", (_PurgeRecorder,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.received
    finally:
        server.shutdown()
        server.server_close()


def test_without_a_shared_cache_pages_carry_no_s_maxage(client, two_territories):
    a, _ = two_territories
    assert "s-maxage" not in get(client, a)["Cache-Control"]


def test_a_purgeable_shared_cache_may_keep_pages_and_hears_every_purge(
    client, two_territories, purging_cache, django_capture_on_commit_callbacks
):
    a, b = two_territories
    location, received = purging_cache
    with override_settings(TERRITORIA_FRONTEND_CACHE_URL=location):
        for response in (get(client, a), get(client, a)):
            directives = {d.strip() for d in response["Cache-Control"].split(",")}
            assert directives == {
                "public",
                "max-age=0",
                f"s-maxage={settings.TERRITORIA_FRONTEND_CACHE_TIMEOUT}",
            }
        with django_capture_on_commit_callbacks(execute=True):
            page = NewsPage(title="Nouvelle ligne de bus", summary="Résumé.", live=False)
            news_index(a).add_child(instance=page)
            page.save_revision().publish()
    assert received and set(received) == {("/", a.host)}
    assert get(client, b)["Cache-Control"] == "no-cache"


# --- Purges publication does not cover ----------------------------------------------------


def warm(client, *tenants):
    for tenant in tenants:
        get(client, tenant)
        assert get(client, tenant)[CACHE_HEADER] == "hit"


def test_moving_a_page_between_territories_purges_both(client, three_territories):
    a, b, c = three_territories
    page = NewsPage(title="Salon de l'industrie", summary="Résumé.", live=False)
    news_index(a).add_child(instance=page)
    page.save_revision().publish()
    warm(client, a, b, c)
    Page.objects.get(pk=page.pk).move(news_index(b), pos="last-child")
    assert "Salon de l&#x27;industrie" not in get(client, a).content.decode()
    moved = get(client, b)
    assert moved[CACHE_HEADER] == "miss"
    assert "Salon de l&#x27;industrie" in moved.content.decode()
    assert get(client, c)[CACHE_HEADER] == "hit"


def test_reordering_pages_purges_their_territory(client, two_territories):
    a, b = two_territories
    index = news_index(a)
    for title in ("Premier", "Second"):
        page = NewsPage(title=title, summary="Résumé.", live=False)
        index.add_child(instance=page)
        page.save_revision().publish()
    warm(client, a, b)
    second = NewsPage.objects.get(title="Second")
    Page.objects.get(pk=second.pk).move(index, pos="first-child")
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"


def png(color=(29, 79, 145)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def test_image_changes_purge_the_territory_of_its_collection(client, two_territories):
    a, b = two_territories
    photos = a.territory.collection.add_child(name="Photos")
    image = get_image_model().objects.create(
        title="Quai", file=ImageFile(io.BytesIO(png()), name="quai.png"), collection=photos
    )
    warm(client, a, b)

    image.focal_point_x, image.focal_point_y = 2, 2
    image.focal_point_width = image.focal_point_height = 4
    image.save()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"

    get(client, a)
    image.file = ImageFile(io.BytesIO(png((200, 30, 30))), name="quai-2.png")
    image.save()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"

    get(client, a)
    image.get_file_hash()  # bookkeeping saves (file hash, size) change nothing visible
    image.save(update_fields=["file_size"])
    assert get(client, a)[CACHE_HEADER] == "hit"

    image.delete()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"


def test_an_image_moved_to_another_territory_purges_both(client, three_territories):
    a, b, c = three_territories
    image = get_image_model().objects.create(
        title="Pont",
        file=ImageFile(io.BytesIO(png()), name="pont.png"),
        collection=a.territory.collection,
    )
    warm(client, a, b, c)
    image.collection = b.territory.collection
    image.save()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "miss"
    assert get(client, c)[CACHE_HEADER] == "hit"


def test_an_image_outside_every_territory_purges_them_all(client, two_territories):
    a, b = two_territories
    root = a.territory.collection.get_parent()
    image = get_image_model().objects.create(
        title="Carte", file=ImageFile(io.BytesIO(png()), name="carte.png"), collection=root
    )
    warm(client, a, b)
    image.title = "Carte de France"
    image.save()
    assert get(client, a)[CACHE_HEADER] == get(client, b)[CACHE_HEADER] == "miss"


def test_document_changes_purge_the_territory_of_its_collection(client, two_territories):
    a, b = two_territories
    document = get_document_model().objects.create(
        title="Plan local d'urbanisme",
        file=ContentFile(b"PLU", name="plu.txt"),
        collection=a.territory.collection,
    )
    warm(client, a, b)
    document.file = ContentFile(b"PLU, version 2", name="plu-v2.txt")
    document.save()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"
    get(client, a)
    document.delete()
    assert get(client, a)[CACHE_HEADER] == "miss"
    assert get(client, b)[CACHE_HEADER] == "hit"


# --- Production needs a cache every process shares ----------------------------------------


def test_production_refuses_the_page_cache_on_a_process_local_cache():
    with override_settings(
        TERRITORIA_REQUIRE_SHARED_CACHE=True, TERRITORIA_PAGE_CACHE=True, CACHES=LOCMEM
    ):
        errors = check_page_cache_backend()
    assert [error.id for error in errors] == ["territoria.E001"]
    assert "TERRITORIA_PAGE_CACHE=false" in errors[0].hint


@pytest.mark.parametrize(
    "overrides",
    [
        {"TERRITORIA_REQUIRE_SHARED_CACHE": True, "TERRITORIA_PAGE_CACHE": False, "CACHES": LOCMEM},
        {"TERRITORIA_REQUIRE_SHARED_CACHE": True, "TERRITORIA_PAGE_CACHE": True, "CACHES": REDIS},
        {"TERRITORIA_REQUIRE_SHARED_CACHE": False, "TERRITORIA_PAGE_CACHE": True, "CACHES": LOCMEM},
    ],
    ids=["page-cache-off", "shared-cache", "not-production"],
)
def test_the_check_passes_otherwise(overrides):
    with override_settings(**overrides):
        assert check_page_cache_backend() == []


def test_with_the_page_cache_off_nothing_is_stored_but_headers_stay(client, two_territories):
    a, _ = two_territories
    with override_settings(TERRITORIA_PAGE_CACHE=False):
        first, second = get(client, a), get(client, a)
        assert CACHE_HEADER not in first and CACHE_HEADER not in second
        assert first["Cache-Control"] == "no-cache"
        assert get(client, a, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert page_keys() == set()
