"""The site chrome: what every page of a territory shows around its content."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from core.page_cache import cached_for_host
from territories.models import TerritorySettings

CHROME_VERSION = 4  # part of the cache key: bump it when the chrome's contents change


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
        url = target.get_url(request) if target is not None else None
        if url is None:
            home = chrome["homes"].get(code)
            url = (home.get_url(request) if home is not None else None) or f"/{code}/"
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
    the localized home page, its menu and footer pages, the home page in each language, the
    TerritorySettings (with its logo) and the private sections to leave out of listings.

    Cached per host and language with the host's pages (``cached_for_host``: purged when a
    page is published or the settings change), memoised on the request, and handed to
    Wagtail's ``settings`` context processor, so an uncached page pays no query for it.
    """
    territory = getattr(request, "territory", None)
    if territory is None:
        return None
    if not hasattr(request, "_territoria_chrome"):
        language = translation.get_language()
        chrome = cached_for_host(
            request,
            f"chrome:{CHROME_VERSION}:{language}",
            lambda: _build_chrome(territory, language),
        )
        chrome["settings"]._request = request
        setattr(request, TerritorySettings.get_cache_attr_name(), chrome["settings"])
        request._territoria_chrome = chrome
    return request._territoria_chrome


def _build_chrome(territory, language: str) -> dict:
    root = Page.objects.select_related("locale").get(pk=territory.site.root_page_id)
    homes = {root.locale.language_code: root}
    for other in root.get_translations().live().select_related("locale"):
        homes[other.locale.language_code] = other
    home = homes.get(language, root)
    children = list(home.get_children().live().public())
    restricted = view_restricted_pages()
    branding = TerritorySettings.objects.select_related("logo").filter(site_id=territory.site_id)
    return {
        "home": home,
        "homes": homes,
        "menu": [page for page in children if page.show_in_menus],
        "footer": [page for page in children if not page.show_in_menus],
        "settings": branding.first() or TerritorySettings.for_site(territory.site),
        # The private sections (view restrictions), for listings: PageQuerySet.public()
        # would look them up again for every queryset. The same rows as (id, path, depth), for
        # listings that read their own table (``restricted_pages``).
        "private": _private_q(restricted),
        "restricted": restricted,
    }


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
