from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from wagtail.views import serve

from core.page_cache import mark_cacheable

from .colors import HEX_COLOR
from .models import TerritorySettings
from .selectors import live_territories


def platform_or_page(request):
    """The platform host lists the live territories; a territory host serves its home page."""
    if getattr(request, "is_platform", False):
        # The same list for every visitor; purged when a territory or its Site changes.
        mark_cacheable(request)
        return render(request, "territories/directory.html", {"territories": live_territories()})
    return serve(request, "")


@require_GET
def brand_css(request):
    """The territory's brand colours as CSS custom properties (no inline styles: strict CSP)."""
    territory = getattr(request, "territory", None)
    branding = TerritorySettings.for_site(territory.site) if territory else TerritorySettings()
    for field in ("primary_color", "secondary_color", "accent_color"):
        if not HEX_COLOR.match(getattr(branding, field) or ""):
            setattr(branding, field, TerritorySettings._meta.get_field(field).default)
    css = render_to_string("territories/brand.css", {"branding": branding})
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = (
        "public, max-age=86400" if request.GET.get("v") else "public, max-age=300"
    )
    return response
