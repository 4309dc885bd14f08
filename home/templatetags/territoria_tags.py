from django import template
from django.template.loader import get_template
from django.utils import translation
from wagtail.models import Page

from core.alt_text import image_alt
from core.seo import jsonld_script, page_seo
from home.chrome import page_ancestors, site_chrome, translation_links
from home.seo import og_locale
from territories.models import LocalizedText
from territories.selectors import absolute_url_for_request

register = template.Library()


@register.filter(name="image_alt")
def image_alt_filter(page, field="image"):
    """``{% image page.image … alt=page|image_alt %}``: the alt text of ``page``'s image in
    ``field`` in the page's language (core/alt_text.py)."""
    return image_alt(page, field)


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    """Links to the current page's live translations, or to each language's home page."""
    return {
        "links": translation_links(context.get("request"), page),
        "current": translation.get_language(),
    }


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context, page=None):
    """``<link rel="alternate" hreflang>`` for each translation of the page (absolute URLs)."""
    request = context.get("request")
    links = [link for link in translation_links(request, page) if link["translated"]]
    if len(links) < 2:
        return {"links": []}
    return {
        "links": [{**link, "url": absolute_url_for_request(request, link["url"])} for link in links]
    }


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The home page's children flagged "show in menus", in the request's language."""
    chrome = site_chrome(context.get("request"))
    return chrome["menu"] if chrome else []


@register.simple_tag(takes_context=True)
def home_page(context):
    chrome = site_chrome(context.get("request"))
    return chrome["home"] if chrome else None


@register.simple_tag(takes_context=True)
def territory_text(context, name: str) -> LocalizedText:
    """A TerritorySettings text (tagline, legal notice) in the page's language, or in the
    territory's default language when it has no translation; ``.language`` says which."""
    request = context.get("request")
    chrome = site_chrome(request)
    language = translation.get_language()
    if chrome is None:
        return LocalizedText("", language)
    return chrome["settings"].text(name, language, request.territory.default_language)


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The legal pages (not in menus) of the localized home page."""
    chrome = site_chrome(context.get("request"))
    return chrome["footer"] if chrome else []


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The page's ancestors from the localized home page down (the page itself excluded)."""
    return page_ancestors(context.get("request"), page)


@register.filter
def in_section(page, section) -> bool:
    """True when ``page`` lies below ``section`` (for aria-current in the main menu)."""
    if not isinstance(page, Page) or not isinstance(section, Page):
        return False
    return page.pk != section.pk and page.path.startswith(section.path)


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """An absolute URL on the site's configured root URL, never the Host header (media URLs
    that already are absolute stay so)."""
    request = context.get("request")
    return absolute_url_for_request(request, url) if request is not None else url


@register.simple_tag(takes_context=True)
def home_block(context, block):
    """Render a block an app added to a page (a filière page's sections) with its own context."""
    with context.push(**block["context"]):
        return get_template(block["template"]).render(context.flatten())


@register.inclusion_tag("components/seo_meta.html", takes_context=True)
def seo_meta(context, page=None):
    """Meta description, canonical link, Open Graph and X (Twitter) card of the page, with
    the fallbacks of core/seo.py (description, image, territory logo)."""
    request = context.get("request")
    seo = page_seo(request, page)
    language = translation.get_language()
    alternates = [
        og_locale(link["code"])
        for link in translation_links(request, page)
        if link["translated"] and link["code"] != language
    ]
    return {
        "seo": seo,
        "page": page,
        "locale": og_locale(language),
        "alternate_locales": alternates if getattr(page, "pk", None) else [],
        "territory": getattr(request, "territory", None),
        # A logo is no photo: a small card shows it whole instead of cropping it.
        "card": "summary_large_image" if seo.image and not seo.image.is_logo else "summary",
    }


@register.simple_tag(takes_context=True)
def page_jsonld(context, page=None):
    """The page's schema.org objects (``page.jsonld(request)``) as a JSON-LD script that no
    text of the page can close."""
    if not hasattr(page, "jsonld"):
        return ""
    return jsonld_script(page.jsonld(context.get("request")))
