"""The site chrome: what every page of a territory shows around its content."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from core.page_cache import cached_for_host
from territories.models import TerritorySettings

CHROME_VERSION = 5  # part of the cache key: bump it when the chrome's contents change


def translation_links(request, page) -> list[dict]:
    """One link per language of the territory: to the page's translation when it is live,
    otherwise to that language's home page. Computed once per request (switcher + head)."""
    territory = getattr(request, "territory", None)
    if territory is None:
        if not getattr(request, "is_platform", False):
            return []
        current = translation.get_language()  # the directory: one page per language
        return [
            {
                "code": code,
                "name": name,
                "url": f"/{code}/",
                "current": code == current,
                "translated": True,
            }
            for code, name in settings.LANGUAGES
        ]
    cached = getattr(request, "_territoria_translations", None)
    if cached is not None and cached[0] == getattr(page, "pk", None):
        return cached[1]
    translations = {}
    chrome = site_chrome(request)
    if isinstance(page, Page) and page.translation_key == chrome["home"].translation_key:
        translations = chrome["homes"]  # a home page: its translations are in the chrome
    elif isinstance(page, Page):
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other
    names = dict(settings.LANGUAGES)
    current = translation.get_language()
    links = []
    for code in territory.languages:
        target = translations.get(code)
        url = page_url(target, request) if target is not None else None
        if url is None:
            home = chrome["homes"].get(code)
            url = (page_url(home, request) if home is not None else None) or f"/{code}/"
        links.append(
            {
                "code": code,
                "name": names.get(code, code),
                "url": url,
                "current": code == current,
                "translated": target is not None,
            }
        )
    request._territoria_translations = (getattr(page, "pk", None), links)
    return links


def site_chrome(request) -> dict | None:
    """What every page of a territory shows around its content, in the request's language:
    the localized home page (also as its specific instance, for ``route_home``), its menu
    and footer pages, the home page in each language (these pages with their URL on this
    host: ``page_url``), the TerritorySettings (with its logo), the private sections to leave
    out of listings and Wagtail's site root paths (which every page URL is computed from).

    Cached per host and language with the host's pages (``cached_for_host``: purged when a
    page is published, moved or made private, or the settings change), memoised on the
    request, and handed to Wagtail's ``settings`` context processor and its URL methods, so an
    uncached page pays no query and no cache round trip for it.
    """
    territory = getattr(request, "territory", None)
    if territory is None:
        return None
    if not hasattr(request, "_territoria_chrome"):
        language = translation.get_language()
        chrome = cached_for_host(
            request,
            chrome_name(language),
            lambda: _build_chrome(request, territory, language),
        )
        chrome["settings"]._request = request
        # Wagtail's Page.get_url() and get_full_url() read them from the request first.
        request._wagtail_cached_site_root_paths = chrome["root_paths"]
        setattr(request, TerritorySettings.get_cache_attr_name(), chrome["settings"])
        request._territoria_chrome = chrome
    return request._territoria_chrome


def chrome_name(language: str) -> str:
    """The chrome's name in ``cached_for_host`` (for ``prefetch_for_host``)."""
    return f"chrome:{CHROME_VERSION}:{language}"


def _build_chrome(request, territory, language: str) -> dict:
    root = Page.objects.select_related("locale").get(pk=territory.site.root_page_id)
    homes = {root.locale.language_code: root}
    for other in root.get_translations().live().select_related("locale"):
        homes[other.locale.language_code] = other
    # The page Wagtail's routing serves at the language's root (Page.localized: the live
    # translation, else the site's root page), as its specific instance.
    home = homes.get(language, root)
    children = list(home.get_children().live().public())
    restricted = view_restricted_pages()
    branding = TerritorySettings.objects.select_related("logo").filter(site_id=territory.site_id)
    request._wagtail_cached_site_root_paths = root_paths = Site.get_site_root_paths()
    for page in (*homes.values(), *children):
        page.chrome_url = page.get_url(request)  # relative: the chrome is this host's
    return {
        "home": home,
        "home_page": home.specific,
        "homes": homes,
        "root_paths": root_paths,
        "menu": [page for page in children if page.show_in_menus],
        "footer": [page for page in children if not page.show_in_menus],
        "settings": branding.first() or TerritorySettings.for_site(territory.site),
        # The private sections (view restrictions), for listings: PageQuerySet.public()
        # would look them up again for every queryset. The same rows as (id, path, depth), for
        # listings that read their own table (``restricted_pages``).
        "private": _private_q(restricted),
        "restricted": restricted,
    }


def route_home(request) -> None:
    """Route a request for a territory's home page (a language's root, ``/fr/``) from the
    chrome: Wagtail's routing (``Page.route_for_request``: the locale, the localized root,
    its specific instance, three queries in English) finds the same page, and reads the
    route it caches on the request instead. Wagtail's serve view then runs as ever: its
    ``before_serve_page`` and ``on_serve_page`` hooks, the view restrictions' check.

    The restrictions are known from the chrome too (``restricted``, purged with the host's
    pages): a home page under none answers Wagtail's check without its two queries. A home
    page under one, or a page class with a routing of its own, is left to Wagtail.
    """
    chrome = site_chrome(request)
    if chrome is None or hasattr(request, "_wagtail_route_for_request"):
        return
    page = chrome["home_page"]
    if not page.live or type(page).route is not Page.route:
        return  # Wagtail's route() answers a 404, or routes on its own
    # The tree's root and the home page itself are its only ancestors, and neither is an
    # alias (the root never is; an alias home page is left to Wagtail).
    restricted = any(page.path.startswith(path) for _pk, path, _depth in chrome["restricted"])
    known = page.depth == 2 and page.alias_of_id is None and not restricted
    if known and hasattr(page, "no_view_restrictions"):
        page.no_view_restrictions()
    request._wagtail_route_for_request = RouteResult(page)


def page_url(page, request) -> str | None:
    """``page.get_url(request)``, precomputed for the chrome's pages (``chrome_url``)."""
    url = getattr(page, "chrome_url", None)
    return url if url is not None else page.get_url(request)


def page_ancestors(request, page) -> list:
    """The page's ancestors from the localized home page down, the page itself excluded
    (the breadcrumb trail, shown and in JSON-LD): one query at most, once per request."""
    chrome = site_chrome(request)
    if chrome is None or not isinstance(page, Page) or not page.depth:  # a new page's preview
        return []
    home = chrome["home"]
    if page.depth <= home.depth:
        return []
    if page.depth == home.depth + 1:
        return [home]  # the common case costs no query
    memo = getattr(request, "_territoria_ancestors", None)
    if memo is None or memo[0] != page.pk:
        memo = (page.pk, [home, *page.get_ancestors().filter(depth__gt=home.depth)])
        request._territoria_ancestors = memo
    return memo[1]


def view_restricted_pages() -> list[tuple[int, str, int]]:
    """Every view-restricted page as (id, path, depth): what ``private_q`` looks up."""
    rows = PageViewRestriction.objects.values_list("page_id", "page__path", "page__depth")
    return sorted(set(rows))


def _private_q(restricted) -> Q:
    # PageQuerySet.private_q() from rows already read (the same Q, without its query).
    q = Q()
    for _pk, path, depth in restricted:
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def restricted_pages(request) -> list[tuple[int, str, int]]:
    """The view-restricted pages as (id, path, depth): from the chrome when the request has
    a territory (no query), else looked up (one query)."""
    chrome = site_chrome(request) if request is not None else None
    return chrome["restricted"] if chrome else view_restricted_pages()
