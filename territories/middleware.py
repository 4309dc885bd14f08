import logging

from django.conf import settings
from django.http import HttpRequest
from django_scopes import ScopeError

from core.views import render_not_found

from .choosing import choosing_as
from .membership import territory_ids_for
from .selectors import is_platform_host, request_hostname, territory_for_request
from .tenancy import territory_scope

logger = logging.getLogger(__name__)

# Paths answered on any known host, territory or platform.
ALWAYS_ALLOWED = ("/healthz", "/static/", "/media/")


class TerritoryMiddleware:
    """Sets ``request.territory`` (None on the platform host) and refuses unknown hosts.

    An unknown or archived host gets a 404 for every path: Wagtail would otherwise fall
    back to a default Site and serve another territory's pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        hostname = request_hostname(request)
        request.is_platform = is_platform_host(hostname)
        request.territory = None if request.is_platform else territory_for_request(request)
        if request.territory is not None:
            request._wagtail_site = request.territory.site
        elif not request.is_platform and not request.path.startswith(ALWAYS_ALLOWED):
            return render_not_found(request, unknown_host=True)
        return self.get_response(request)


class TerritoryScopeMiddleware:
    """Opens the territory scope every territory-owned query runs in (docs/tenancy.md).

    The admin sees the user's live territories (every territory for a superuser; nothing for
    anyone else); the public site sees ``request.territory`` only (nothing on the platform
    host). Below AuthenticationMiddleware: it needs ``request.user``.

    A query that escapes the scope raises ``ScopeError``: re-raised where
    ``TERRITORIA_SCOPE_ERRORS_RAISE`` is on (tests, dev), a logged 404 elsewhere — never
    another territory's rows, never a 500.
    """

    ADMIN_PREFIXES = ("/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def territories_for(self, request):
        if request.path_info.startswith(self.ADMIN_PREFIXES):
            ids = territory_ids_for(request.user)
            return None if ids is None else sorted(ids)
        territory = getattr(request, "territory", None)
        return [] if territory is None else [territory.pk]

    def __call__(self, request: HttpRequest):
        admin = request.path_info.startswith(self.ADMIN_PREFIXES)
        # In the admin, every id a form receives is one the user may choose (choosing.py).
        with (
            territory_scope(self.territories_for(request)),
            choosing_as(request.user if admin else None),
        ):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ScopeError) or settings.TERRITORIA_SCOPE_ERRORS_RAISE:
            return None
        logger.error("Query outside the territory scope on %s", request.path, exc_info=exception)
        return render_not_found(request)
