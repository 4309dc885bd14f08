"""A page cache for anonymous GETs, keyed by host, path and query (the language is in the path).

Purging is by generation: each host has a counter in the cache and every entry records the
generation it was stored under (read with the page in one round trip), so purging a
territory is one increment, whatever the cache backend. A purge happens at
once and again when the transaction commits, so that a request rendered between the two
(and still seeing the old rows) cannot keep a stale copy. Only responses that
are safe to share are stored: 200, HTML, no cookie set, not private, not admin or account
pages, and never for a request that carries a session.

The middleware sits above CSPMiddleware and TerritoryMiddleware: a hit is one cache round
trip and skips both (the stored response already carries its CSP header). Only responses of
a live territory are ever stored, and archiving a territory or changing its Site purges its
host, so a hit never answers for a host TerritoryMiddleware would refuse.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
from django.utils.cache import patch_response_headers

GEN_KEY = "pc:gen:{}"
PAGE_KEY = "pc:page:{host}:{digest}"
FRAGMENT_KEY = "pc:frag:{host}:{gen}:{name}"
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/documents/",
    "/i18n/",
    "/healthz",
)
CACHE_HEADER = "X-Page-Cache"


def _host(request) -> str:
    domain, _port = split_domain_port(request.get_host())
    return domain


def _generation(host: str) -> int:
    key = GEN_KEY.format(host)
    gen = cache.get(key)
    if gen is None:
        # Never restart from 0 after an eviction: keys of an old generation 0 may survive.
        cache.add(key, time.time_ns(), None)
        gen = cache.get(key) or 0
    return gen


def _key(request, host: str) -> str:
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return PAGE_KEY.format(host=host, digest=digest)


def _bump(hostname: str) -> None:
    key = GEN_KEY.format(hostname)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def purge_host(hostname: str) -> None:
    """Forget every cached page of one host (a territory's Site), now and on commit."""
    _bump(hostname)
    transaction.on_commit(lambda: _bump(hostname), robust=True)


def _is_cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
        and "preview" not in request.GET
    )


def _is_cacheable_response(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and getattr(request, "territory", None) is not None
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not getattr(request, "_page_cache_skip", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)
        host = _host(request)
        key = _key(request, host)
        # The generation and the page in one round trip: an entry stored under an older
        # generation is stale (the host was purged since) and is simply overwritten.
        # No generation yet means nothing stored for this host, and the lookup creates none:
        # this runs before TerritoryMiddleware has refused unknown hosts.
        found = cache.get_many([GEN_KEY.format(host), key])
        gen = found.get(GEN_KEY.format(host))
        if gen is not None:
            request._page_cache_generation = gen
            stored_gen, cached = found.get(key) or (None, None)
            if cached is not None and stored_gen == gen:
                cached[CACHE_HEADER] = "hit"
                return cached
        response = self.get_response(request)
        if _is_cacheable_response(request, response):
            gen = gen or _generation(host)
            response[CACHE_HEADER] = "miss"
            patch_response_headers(response, cache_timeout=60)
            if (
                hasattr(response, "render")
                and callable(response.render)
                and not response.is_rendered
            ):
                response.add_post_render_callback(
                    lambda r: cache.set(key, (gen, r), settings.PAGE_CACHE_TIMEOUT)
                )
            else:
                cache.set(key, (gen, response), settings.PAGE_CACHE_TIMEOUT)
        return response


def cached_for_host(request, name: str, build, timeout: int | None = None):
    """A value shared by every page of the request's host (menus, footer, branding), cached
    for as long as the host's pages are: the key embeds the page-cache generation, so the
    purges that forget the pages (publication, settings) forget the value too."""
    host = _host(request)
    gen = getattr(request, "_page_cache_generation", None) or _generation(host)
    key = FRAGMENT_KEY.format(host=host, gen=gen, name=name)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_TIMEOUT if timeout is None else timeout)
    return value


def skip_page_cache(request) -> None:
    """Mark a response as personal: a view calls this when it renders per-visitor content."""
    request._page_cache_skip = True
