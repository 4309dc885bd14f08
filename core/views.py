from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def render_not_found(request, exception=None, unknown_host=False):
    template = loader.get_template("404.html")
    body = template.render({"unknown_host": unknown_host, "request": request}, request=None)
    return HttpResponseNotFound(body)


def page_not_found(request, exception=None):
    return render_not_found(request, exception)


def server_error(request):
    # No context processors: the failure may be in one of them.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@never_cache
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def robots_txt(request):
    territory = getattr(request, "territory", None)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /accounts/"]
    if territory is not None:
        lines.append(f"Sitemap: {territory.root_url}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
