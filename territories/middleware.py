from django.http import HttpRequest

from core.views import render_not_found

from .selectors import is_platform_host, request_hostname, territory_for_request

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
