"""A page cache for anonymous GETs, by allow-list: only what a view opts into is stored.

**Opt-in.** Wagtail's serving of a live, public page opts in (``core/wagtail_hooks.py``: no
view restriction, not a form page); any other view opts in explicitly with
``mark_cacheable(request)`` or ``@page_cacheable()``. Everything else (forms, allauth,
newsletter tokens, any future view) is never stored, and on top of the opt-in a response is
stored only if it is safe to share: 200, HTML, no cookie set, not private, not admin or
account pages, never for a request that carries a session, and never rendered for a user.

**Query strings.** An opted-in view declares the parameters it renders (a page class's
``cache_query_params``, default none). The key is host, path and the query normalized
(sorted pairs); a response is stored only when every parameter of the request is declared.
So ``?page=2`` on a page that declares ``page`` is cached, and ``?utm=x&r=123`` is served
but never stored: a crawl with random query strings cannot fill the cache.

**Purging** is by generation: each host has a counter in the cache and every entry records
the generation it was stored under (read with the page in one round trip), so purging a
territory is one increment, whatever the cache backend. A purge happens at once and again
when the transaction commits, so that a request rendered between the two (and still seeing
the old rows) cannot keep a stale copy. With a purgeable shared cache in front
(``TERRITORIA_FRONTEND_CACHE_URL``), the commit also sends it one PURGE for the host.

**Browsers revalidate.** An opted-in response carries an ``ETag`` and ``Last-Modified``,
and ``Cache-Control: no-cache`` (``public, max-age=0, s-maxage=<n>`` when a purgeable shared
cache is configured). A conditional GET that matches gets a 304, from a cache hit too.
Every other response that set no ``Cache-Control`` of its own is marked ``private``, so no
shared cache keeps what this one refused to keep. Details: docs/page-cache.md.

**In-process copies.** Where ``TERRITORIA_PAGE_CACHE_LOCAL_SECONDS`` is above 0 (production:
1 s), each process also keeps the pages it served from the cache or stored, for that long
(at most ``LOCAL_ENTRIES``, as status, headers and body, from which every hit gets a plain
HttpResponse of its own): a hit within that time costs no round trip at all, which under
load was most of a hit's time. The hit path does as little as it can: the Host header is
validated once per process (``core.hosts``), a request without a query string parses none,
and one without a conditional header skips the ETag/date checks.
A purge forgets this process's copies at once; another process's copy of a purged page can
be served for at most that long after the purge (a micro-cache's bounded staleness).

The middleware sits above CSPMiddleware and TerritoryMiddleware: a hit is one cache round
trip (or none, above) and skips both (the stored response already carries its CSP header).
Only responses of a live territory (or of the platform host) are ever stored, and archiving
a territory or changing its Site purges its host, so a hit never answers for a host
TerritoryMiddleware would refuse.
"""

import functools
import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from .hosts import request_hostname

logger = logging.getLogger(__name__)

GEN_KEY = "pc:gen:{}"
PAGE_KEY = "pc:page:{host}:{digest}"
FRAGMENT_KEY = "pc:frag:{host}:{name}"
# Never stored, even by a view that opts in by mistake.
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/i18n/",
    "/healthz",
    # Accounts live under each language's prefix (/fr/accounts/…); the bare prefix redirects.
    "/accounts/",
    *(f"/{code}/accounts/" for code, _name in settings.LANGUAGES),
)
CACHE_HEADER = "X-Page-Cache"
FRONTEND_CACHE_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"


def _generation(host: str) -> int:
    key = GEN_KEY.format(host)
    gen = cache.get(key)
    if gen is None:
        # Never restart from 0 after an eviction: keys of an old generation 0 may survive.
        cache.add(key, time.time_ns(), None)
        gen = cache.get(key) or 0
    return gen


def _query_pairs(request) -> list[tuple[str, str]]:
    return sorted((name, value) for name, values in request.GET.lists() for value in values)


def _key(request, host: str) -> str:
    """Host, path and the sorted query: ``?b=2&a=1`` and ``?a=1&b=2`` are one entry."""
    # No query string (most requests): no QueryDict to parse, the same key as an empty one.
    query = urlencode(_query_pairs(request)) if request.META.get("QUERY_STRING") else ""
    normalized = f"{request.path}?{query}"
    digest = hashlib.md5(normalized.encode(), usedforsecurity=False).hexdigest()
    return PAGE_KEY.format(host=host, digest=digest)


LOCAL_ENTRIES = 256
# key -> (monotonic expiry, status, headers, body): this process's copies of pages, plain
# data from which each hit gets a response of its own.
_local: dict[str, tuple[float, int, dict, bytes]] = {}


def _local_seconds() -> float:
    return settings.TERRITORIA_PAGE_CACHE_LOCAL_SECONDS


def _local_get(key: str) -> HttpResponse | None:
    """A new response for this process's copy of the page, already marked a hit.

    A plain HttpResponse of the stored status, headers and body: the headers are copied as
    they were checked when the page was stored (``ResponseHeaders``' own mapping), not
    checked again. That and no unpickling is most of what a hit costs here."""
    entry = _local.get(key)
    if entry is None:
        return None
    expiry, status, headers, body = entry
    if expiry < time.monotonic():
        _local.pop(key, None)
        return None
    response = HttpResponse(body, status=status)
    response.headers._store = headers.copy()
    return response


def _local_put(key: str, response) -> None:
    """Store a copy last, after dropping the expired ones from the front (every copy lives
    as long, so the oldest expire first) and the oldest beyond ``LOCAL_ENTRIES``: a worker
    holds the pages of its last second, not the last ``LOCAL_ENTRIES`` pages it served."""
    now = time.monotonic()
    _local.pop(key, None)
    while _local:
        oldest = next(iter(_local))
        if _local[oldest][0] >= now and len(_local) < LOCAL_ENTRIES:
            break
        del _local[oldest]
    marked = HttpResponse(headers=response.headers)  # the same headers, checked once here
    marked[CACHE_HEADER] = "hit"
    _local[key] = (
        now + _local_seconds(),
        response.status_code,
        marked.headers._store,
        response.content,
    )


def local_forget() -> None:
    """Forget this process's copies of pages (every purge does, whatever the host)."""
    _local.clear()


def _bump(hostname: str) -> bool:
    """Increment the host's generation; False when the cache did not answer (django-redis
    then returns None instead of raising). This process's copies go too."""
    local_forget()
    key = GEN_KEY.format(hostname)
    try:
        return cache.incr(key) is not None
    except ValueError:
        cache.set(key, time.time_ns(), None)
        return cache.get(key) is not None


class PurgeNotDone(ConnectionError):
    pass


def purge_host_retry(*, hostname: str) -> None:
    """The outbox handler of a purge the cache missed (Redis down): raising makes the
    outbox try again later, with backoff, until Redis answers."""
    if not _bump(hostname):
        raise PurgeNotDone(f"cache unavailable, {hostname} not purged yet")


def _purge_later(hostname: str) -> None:
    from .outbox import outbox_enqueue

    logger.warning("Page cache: purge of %s missed (cache down), recorded for later", hostname)
    outbox_enqueue(handler="core.page_cache.purge_host_retry", kwargs={"hostname": hostname})


def frontend_cache_backends() -> dict | None:
    """The wagtail.contrib.frontend_cache configuration built from
    TERRITORIA_FRONTEND_CACHE_URL, or None when no purgeable shared cache is in front."""
    location = settings.TERRITORIA_FRONTEND_CACHE_URL
    if not location:
        return None
    return {"territoria": {"BACKEND": FRONTEND_CACHE_BACKEND, "LOCATION": location}}


def _purge_frontend(hostname: str) -> None:
    backends = frontend_cache_backends()
    if backends is None:
        return
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

    # One PURGE of the host's root (Host: <hostname>): the shared cache's configuration
    # turns it into a ban of every URL of that host (docs/page-cache.md gives the VCL).
    # frontend_cache sends it through the Tasks framework, i.e. on a Celery worker.
    purge_url_from_cache(f"https://{hostname}/", backend_settings=backends)


def _purge_on_commit(hostname: str, recorded: bool) -> None:
    if not _bump(hostname) and not recorded:
        _purge_later(hostname)
    _purge_frontend(hostname)


def purge_host(hostname: str) -> None:
    """Forget every cached page of one host (a territory's Site), now and on commit; on
    commit, also purge that host from the shared cache in front, when there is one.

    A purge the cache does not answer (Redis down or hung) is recorded in the outbox, in
    the same transaction as the change when it can be, and retried until Redis is back:
    pages cached before the outage are never served past the change.
    """
    recorded = False
    if not _bump(hostname):
        _purge_later(hostname)
        recorded = True
    transaction.on_commit(lambda: _purge_on_commit(hostname, recorded), robust=True)


# --- Opting in ---------------------------------------------------------------------------


def mark_cacheable(request, query_params=()) -> None:
    """Let the page cache store this request's response (if it is otherwise safe to share).

    ``query_params`` are the parameters the view renders: a request carrying any other
    parameter is answered but never stored. Called by the ``before_serve_page`` hook for
    public pages (with the page's ``cache_query_params``) and by the few other views that
    render the same thing for every visitor.
    """
    request._page_cache_query_params = frozenset(query_params)


def page_cacheable(query_params=()):
    """Decorator form of ``mark_cacheable`` for a view whose every response is public."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            mark_cacheable(request, query_params)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def skip_page_cache(request) -> None:
    """Mark a response as personal: a view calls this when it renders per-visitor content,
    even on a page that opted in."""
    request._page_cache_skip = True


# --- The middleware ----------------------------------------------------------------------


def _is_cacheable_request(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        # A flash message is personal: that visitor must see the page it is rendered on.
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def _opted_in(request) -> frozenset | None:
    return getattr(request, "_page_cache_query_params", None)


def _is_shareable(request, response) -> bool:
    """An opted-in response that is the same for every visitor of this host."""
    cache_control = response.get("Cache-Control", "")
    return (
        _opted_in(request) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # Rendering used the CSRF token (Django then always sets the cookie; belt and braces).
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and (
            getattr(request, "territory", None) is not None
            or getattr(request, "is_platform", False)
        )
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not getattr(request, "_page_cache_skip", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )


def _declares_its_query(request) -> bool:
    return set(request.GET.keys()) <= _opted_in(request)


def _set_shared_headers(response) -> None:
    """Validators, and a Cache-Control that makes browsers revalidate every time.

    ``no-cache`` binds shared caches as well (RFC 9111 5.2.2.4), so with a purgeable shared
    cache in front the browsers' side is ``max-age=0`` instead and ``s-maxage`` lets that
    cache, which every purge reaches, keep the page.
    """
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(time.time())
    response.headers.pop("Cache-Control", None)
    response.headers.pop("Expires", None)
    if frontend_cache_backends() is not None:
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.TERRITORIA_FRONTEND_CACHE_TIMEOUT
        )
    else:
        patch_cache_control(response, no_cache=True)


# Without any of them, get_conditional_response() answers with the response itself.
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _not_modified_or(request, response):
    meta = request.META
    if not any(header in meta for header in CONDITIONAL_HEADERS):
        return response
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def _fail_closed(response):
    """What this cache refused to keep, no shared cache may keep either (unless the view
    said otherwise, e.g. the brand stylesheet's public max-age)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return _fail_closed(self.get_response(request))
        if not settings.TERRITORIA_PAGE_CACHE:
            response = self.get_response(request)
            if not _is_shareable(request, response):
                return _fail_closed(response)
            _set_shared_headers(response)
            return _not_modified_or(request, response)

        host = request_hostname(request)
        key = _key(request, host)
        local = _local_seconds() > 0
        if local and (cached := _local_get(key)) is not None:
            response = _not_modified_or(request, cached)
            if response is not cached:  # a 304 (or 412) of its own; the copy is marked
                response[CACHE_HEADER] = "hit"
            return response
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
                if local:
                    _local_put(key, cached)
                response = _not_modified_or(request, cached)
                response[CACHE_HEADER] = "hit"
                return response

        response = self.get_response(request)
        if not _is_shareable(request, response):
            return _fail_closed(response)
        _set_shared_headers(response)
        # "miss": rendered for this request; stored only when its query is all declared.
        response[CACHE_HEADER] = "miss"
        if _declares_its_query(request):
            gen = gen or _generation(host)
            cache.set(key, (gen, response), settings.PAGE_CACHE_TIMEOUT)
            if local:
                _local_put(key, response)
        answer = _not_modified_or(request, response)
        answer[CACHE_HEADER] = "miss"
        return answer


def cached_for_host(request, name: str, build, timeout=None):
    """A value shared by every page of the request's host (menus, footer, branding, the home
    page's sections), cached for as long as the host's pages are: it is stored with the
    page-cache generation it was built under, like a page, and taken only under that same
    generation, so the purges that forget the pages (publication, settings) forget the
    value too. ``timeout``: seconds, or a function of the built value giving them (a value
    that changes on its own at a known time, e.g. when an event starts), at most
    PAGE_CACHE_TIMEOUT by default. With the page cache switched off
    (TERRITORIA_PAGE_CACHE=False) it is built every time: a process-local cache would not
    hear the other processes' purges."""
    if not settings.TERRITORIA_PAGE_CACHE:
        return build()
    key = _fragment_key(request, name)
    prefetched = getattr(request, "_page_cache_prefetched", {})
    if key in prefetched:
        entry = prefetched.pop(key)
    else:
        entry = _read_with_generation(request, [key]).get(key)
    gen = _request_generation(request)
    if entry is not None and entry[0] == gen:
        return entry[1]
    value = build()
    seconds = timeout(value) if callable(timeout) else timeout
    cache.set(key, (gen, value), settings.PAGE_CACHE_TIMEOUT if seconds is None else seconds)
    return value


def _fragment_key(request, name: str) -> str:
    return FRAGMENT_KEY.format(host=request_hostname(request), name=name)


def _request_generation(request) -> int:
    gen = getattr(request, "_page_cache_generation", None)
    if gen is None:  # the host has none yet: created (never restarting from 0)
        gen = request._page_cache_generation = _generation(request_hostname(request))
    return gen


def _read_with_generation(request, keys: list[str]) -> dict:
    """These keys, and the host's generation with them when the request has not read it
    yet (a request the page cache did not look up, a POST): one round trip either way."""
    if getattr(request, "_page_cache_generation", None) is not None:
        return cache.get_many(keys)
    gen_key = GEN_KEY.format(request_hostname(request))
    found = cache.get_many([gen_key, *keys])
    if (gen := found.pop(gen_key, None)) is not None:
        request._page_cache_generation = gen
    return found


def prefetch_for_host(request, names) -> None:
    """Read several values of ``cached_for_host`` in one round trip, ahead of their use (a
    view that knows it will ask for them), with the host's generation when the request has
    not read it yet: each is then taken from the request, found or not, instead of a round
    trip of its own."""
    if not settings.TERRITORIA_PAGE_CACHE:
        return
    keys = [_fragment_key(request, name) for name in names]
    found = _read_with_generation(request, keys)
    prefetched = request.__dict__.setdefault("_page_cache_prefetched", {})
    prefetched.update({key: found.get(key) for key in keys})
