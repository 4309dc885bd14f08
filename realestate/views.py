"""The open-data endpoints: a territory's live offers, on its own host, for anyone."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import exports

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


@require_GET
def open_data(request, fmt: str):
    """``/open-data/offers.<csv|json|geojson>`` on a territory's host: its live, public
    offers in every language (realestate/exports.py). 404 on the platform host and for any
    other format. Other portals may fetch it from a browser (CORS open) and keep it 5 min."""
    territory = getattr(request, "territory", None)
    if territory is None or fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        response = StreamingHttpResponse(exports.as_csv(territory), content_type=FORMATS[fmt])
    else:
        data = exports.as_json(territory) if fmt == "json" else exports.as_geojson(territory)
        response = HttpResponse(exports.dumps(data), content_type=FORMATS[fmt])
    filename = f"{territory.site.hostname.split('.')[0]}-offers.{fmt}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response
