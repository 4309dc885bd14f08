"""What search engines and social networks read of a page: its description, its sharing
image and its schema.org data (JSON-LD). The fallbacks live here, once (docs/seo.md):

- description: the page's search description, else its summary / introduction / hero
  text (as plain text), else the territory's description (its tagline), else the title;
- image: the page's sharing image, else its own first image (``image``, ``hero_image``,
  the first of its ``photos``), else the territory's logo.

The territory's facts (name, home URL, logo, tagline, its schema.org organisation, the
breadcrumb trail) come from the site layer, named by the ``TERRITORIA_SEO_SITE`` setting:
core knows no territory.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from .image_filters import filter_for_spec

DESCRIPTION_LENGTH = 160
SHARING_FILTER = "fill-1200x630"  # Open Graph's and X's large card ratio (1.91:1)
LOGO_FILTER = "max-1200x630"  # a logo is never cropped
SCHEMA = "https://schema.org"

# Inside <script>, "</script>" or "<!--" would end or break the element: JSON allows these
# characters to be written as escapes, which a JSON-LD reader decodes back.
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


_BLOCK_TAG = re.compile(r"</?(p|div|li|ul|ol|h[1-6]|br|blockquote)\b", re.I)


def plain_text(value, limit: int = DESCRIPTION_LENGTH) -> str:
    """Rich text or a plain string as one line of plain text, cut on a word boundary to
    ``limit`` characters (with an ellipsis)."""
    spaced = _BLOCK_TAG.sub(r" \g<0>", str(value or ""))  # paragraphs stay words apart
    return shorten(html.unescape(strip_tags(spaced)), limit)


def shorten(text: str, limit: int) -> str:
    """Plain text on one line, cut on a word boundary to ``limit`` characters."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def jsonld_script(objects: list[dict]) -> SafeString:
    """The objects as ``<script type="application/ld+json">`` elements' content: one
    script holding a list (or the single object), escaped so that no text in them (a
    title, a summary) can close the element."""
    if not objects:
        return mark_safe("")
    data = objects[0] if len(objects) == 1 else objects
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(
        '<script type="application/ld+json">' + payload.translate(_SCRIPT_ESCAPES) + "</script>"
    )


@dataclass(frozen=True)
class SharingImage:
    url: str  # absolute
    width: int
    height: int
    alt: str
    is_logo: bool = False


@dataclass(frozen=True)
class SiteFacts:
    """A territory as search engines see it, for one request (its language)."""

    name: str
    url: str  # the home page in the request's language, absolute
    language: str
    description: str  # the territory's tagline in that language ("" when none)
    organization: dict  # the territory's schema.org node (GovernmentOrganization)
    logo: SharingImage | None = None
    absolute: Callable[[str], str] = str
    ancestors: Callable[[object], list] = field(default=lambda page: [])

    def organization_ref(self) -> dict:
        """The organisation as the publisher or organiser of something."""
        keys = ("@type", "@id", "name", "url", "logo")
        return {key: self.organization[key] for key in keys if key in self.organization}


@dataclass(frozen=True)
class PageSeo:
    title: str
    description: str
    url: str  # canonical, absolute; "" outside pages
    image: SharingImage | None
    og_type: str  # "website" or "article"


def site_facts(request) -> SiteFacts | None:
    """The request's territory facts (memoised on the request); None off a territory."""
    if request is None:
        return None
    if not hasattr(request, "_territoria_seo_site"):
        provider = getattr(settings, "TERRITORIA_SEO_SITE", "")
        request._territoria_seo_site = import_string(provider)(request) if provider else None
    return request._territoria_seo_site


def sharing_image(
    image, absolute: Callable[[str], str], *, logo=False, alt: str | None = None
) -> SharingImage | None:
    """The 1200×630 rendition of ``image`` (a logo is fitted, not cropped), its URL made
    absolute by ``absolute``; ``alt``: the page's alt text of it (core/alt_text.py), else
    the image's own description or title."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(filter_for_spec(LOGO_FILTER if logo else SHARING_FILTER))
    except (OSError, ValueError):  # a missing or unreadable file: share without the image
        return None
    url = absolute(rendition.url)
    if alt is None:
        alt = getattr(image, "description", "") or ("" if logo else image.title)
    return SharingImage(url, rendition.width, rendition.height, alt, is_logo=logo)


def page_seo(request, page) -> PageSeo:
    """Title, description, canonical URL, sharing image and Open Graph type of a page,
    fallbacks applied (memoised per request and page)."""
    key = getattr(page, "pk", None)
    memo = getattr(request, "_territoria_page_seo", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    site = site_facts(request)
    title = (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else ""
    description = page.seo_page_description() if hasattr(page, "seo_page_description") else ""
    if not description and page is not None:
        description = plain_text(getattr(page, "search_description", ""))
    if not description and site is not None:
        description = site.description
    if not description:
        description = plain_text(" · ".join(x for x in (title, site.name if site else "") if x))
    image = page.seo_page_image() if hasattr(page, "seo_page_image") else None
    absolute = site.absolute if site is not None else str
    alt = page.seo_page_image_alt() if image is not None else None
    sharing = sharing_image(image, absolute, alt=alt)
    if sharing is None and site is not None:
        sharing = site.logo
    url = page.get_full_url(request) if getattr(page, "pk", None) else ""
    og_type = getattr(page, "og_type", "website") if page is not None else "website"
    seo = PageSeo(title, description, url or "", sharing, og_type)
    if request is not None:
        request._territoria_page_seo = (key, seo)
    return seo


def compact(value):
    """The object without its empty values ("", None, [], {}), at every depth: schema.org
    has no use for them, and an empty url is no URL."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in ("", None, [], {})}
    if isinstance(value, list):
        return [item for item in map(compact, value) if item not in ("", None, [], {})]
    return value


# --- schema.org nodes every page may use ---------------------------------------------


def image_object(image: SharingImage | None) -> dict | None:
    if image is None:
        return None
    # No width and height: schema.org wants them as QuantitativeValue, not numbers.
    return {"@type": "ImageObject", "url": image.url}


def breadcrumb_list(request, page, site: SiteFacts) -> dict | None:
    """The trail from the home page to ``page`` (None on the home page itself)."""
    trail = [*site.ancestors(page), page]
    if len(trail) < 2 or page.pk is None:
        return None
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": crumb.get_full_url(request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def web_page(request, page, site: SiteFacts, *, schema_type: str = "WebPage") -> dict:
    seo = page_seo(request, page)
    node = {
        "@context": SCHEMA,
        "@type": schema_type,
        "name": seo.title,
        "url": seo.url,
        "description": seo.description,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.name, "url": site.url},
    }
    if seo.image is not None and not seo.image.is_logo:
        node["primaryImageOfPage"] = image_object(seo.image)
    return node
