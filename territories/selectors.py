"""Reads that take a request or a user: which territory is this, which may they see."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.hosts import request_hostname

from .models import Territory

HOST_CACHE_KEY = "territory:host:{}"
HOST_CACHE_TIMEOUT = 300
_MISSING = 0


def is_platform_host(hostname: str) -> bool:
    return hostname in settings.TERRITORIA_PLATFORM_HOSTS


def territory_for_hostname(hostname: str) -> Territory | None:
    """The live territory whose Site has exactly this hostname, or None.

    Unlike ``Site.find_for_request`` there is no fallback to a default site: an unknown
    host must never be answered with another territory's content.
    """
    # The row itself is cached (with its site and root page), not just its id: a page served
    # from the page cache then costs no query at all. signals.py forgets it on every change.
    territory = cache.get(HOST_CACHE_KEY.format(hostname))
    if territory is None:
        territory = (
            Territory.objects.active()
            .select_related("site", "site__root_page")
            .filter(site__hostname=hostname)
            .first()
        ) or _MISSING
        cache.set(HOST_CACHE_KEY.format(hostname), territory, HOST_CACHE_TIMEOUT)
    return territory if isinstance(territory, Territory) else None


def territory_for_request(request: HttpRequest) -> Territory | None:
    """The request's territory, looked up once and cached on the request."""
    if not hasattr(request, "_territory"):
        request._territory = territory_for_hostname(request_hostname(request))
    return request._territory


def root_url_for_request(request: HttpRequest) -> str:
    """The configured root URL of the request's site, without a trailing slash: the
    territory's Site record (hostname and port), or TERRITORIA_PLATFORM_URL. Never the Host
    header, whose port a visitor chooses and the page cache would keep."""
    territory = getattr(request, "territory", None)
    if territory is not None:
        return territory.root_url
    return settings.TERRITORIA_PLATFORM_URL


def absolute_url_for_request(request: HttpRequest, url: str) -> str:
    """``url`` on the request's configured root URL; absolute URLs (media on a CDN) stay."""
    if not url.startswith("/") or url.startswith("//"):
        return url
    return root_url_for_request(request) + url


def territory_for_collection(collection) -> Territory | None:
    """The territory whose media collection is this one or one of its ancestors (archived
    territories included: their files stay theirs); None for a platform collection."""
    steplen = collection.steplen
    paths = [collection.path[:end] for end in range(steplen, len(collection.path) + 1, steplen)]
    return Territory.objects.filter(collection__path__in=paths).first()


def live_territories():
    return Territory.objects.active().select_related("site").order_by("name")


def territory_pages(territory: Territory):
    """Every page of a territory's tree, in all its languages: the home page's translations
    and their descendants (``Site.root_page`` is the default language's home only)."""
    from functools import reduce
    from operator import or_

    from django.db.models import Q
    from wagtail.models import Page

    root = territory.site.root_page
    paths = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
    paths = list(paths.values_list("path", flat=True)) or [root.path]
    return Page.objects.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))
