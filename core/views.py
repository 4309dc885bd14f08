import logging
import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

logger = logging.getLogger(__name__)


def platform_url(request) -> str:
    """The platform's directory, at its configured URL (never the request's Host port)."""
    return f"{settings.TERRITORIA_PLATFORM_URL}/"


def render_not_found(request, exception=None, unknown_host=False):
    """The 404 page in the site's chrome: a territory's header, footer and search box, or,
    for a host that is no territory's, a link to the platform's directory."""
    context = {"unknown_host": unknown_host, "platform_url": platform_url(request)}
    body = loader.render_to_string("404.html", context, request=request)
    return HttpResponseNotFound(body)


def page_not_found(request, exception=None):
    return render_not_found(request, exception)


class ExplainedBadRequest(BadRequest):
    """A 400 whose message is for the visitor (translated, no internals): the page shows it."""


def bad_request(request, exception=None):
    """A 400 in the site's chrome. A form too large to be read (a long StreamField) says so:
    the browser's Back button still holds the edit, which nothing on the server kept."""
    try:
        request.get_host()
    except DisallowedHost:
        # A forged Host header: no territory's chrome (nor any of its names) for it.
        return HttpResponseBadRequest(loader.get_template("400_bare.html").render({}))
    too_large = isinstance(exception, (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig))
    context = {
        "too_large": too_large,
        "reason": str(exception) if isinstance(exception, ExplainedBadRequest) else "",
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "platform_url": platform_url(request),
    }
    body = loader.render_to_string("400.html", context, request=request)
    return HttpResponseBadRequest(body)


def permission_denied(request, exception=None, csrf=False):
    context = {"platform_url": platform_url(request), "csrf": csrf}
    body = loader.render_to_string("403.html", context, request=request)
    return HttpResponseForbidden(body)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its token, or with a stale one (a page left
    open across a sign-in, cookies blocked), says what happened and what to do."""
    return permission_denied(request, csrf=True)


def server_error(request):
    # No context processors: the failure may be in one of them. The page promises a fix
    # only when the error was actually reported somewhere (SENTRY_DSN).
    context = {"reported": settings.TERRITORIA_ERRORS_REPORTED}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):
        # django-redis ignores connection errors (a miss): ask Redis itself.
        client.get_client(write=True).ping()
        return
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise ConnectionError("the cache did not keep a value")


# Broker URLs that redis-py reads as kombu does; another broker is asked through kombu.
REDIS_BROKER_SCHEMES = ("redis", "rediss", "unix")


def _check_broker() -> None:
    """A Redis broker is asked with redis-py, which the cache has loaded already: a worker
    that serves pages and /healthz loads neither the Celery app nor kombu's transports
    (docs/performance.md, "Worker memory")."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # no broker: tasks run in-process
    url = settings.CELERY_BROKER_URL
    if urlsplit(url).scheme not in REDIS_BROKER_SCHEMES:
        from .outbox import broker_connection

        with broker_connection() as conn:
            conn.ensure_connection(max_retries=0)
        return
    import redis

    timeout = settings.TERRITORIA_BROKER_SEND_TIMEOUT
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    with redis.Redis.from_url(url, **options) as client:  # a command, not just a socket
        client.ping()


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
@require_GET
def healthz(request):
    """Each dependency, "ok" or "down": 200 when all answer, else 503 naming the ones down
    (JSON either way, never a 500). Each check gives up after its short socket timeout."""
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # a health check reports, it never fails the request
            logger.warning("healthz: %s down: %r", name, error)
            checks[name] = "down"
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "checks": checks, "down": down}
    return JsonResponse(body, status=503 if down else 200)


@require_GET
def robots_txt(request):
    territory = getattr(request, "territory", None)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/"]
    lines += [f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES]
    root_url = territory.root_url if territory is not None else None
    if root_url is None and getattr(request, "is_platform", False):
        root_url = settings.TERRITORIA_PLATFORM_URL
    if root_url is not None:
        lines.append(f"Sitemap: {root_url}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def serve_media(request, path):
    """Uploaded media for runserver (DEBUG only, config/urls.py), documents excepted: those
    leave through Wagtail's serve view alone. The path is normalised first, as ``serve``
    does, so that ``images/../documents/`` is no way round."""
    if posixpath.normpath(path).lstrip("/").split("/", 1)[0] == "documents":
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
