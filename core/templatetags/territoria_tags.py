from django import template
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    """Links to the current page's live translations, or to each language's home page."""
    request = context.get("request")
    territory = getattr(request, "territory", None)
    current = translation.get_language()
    links = []
    if territory is None:
        return {"links": links, "current": current}
    translations = {}
    if isinstance(page, Page):
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    for code in territory.languages:
        target = translations.get(code)
        if target is not None:
            url = target.get_url(request)
        else:
            with translation.override(code):
                url = f"/{code}/"
        links.append({"code": code, "name": names.get(code, code), "url": url, "current": code == current})
    return {"links": links, "current": current}


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The home page's children flagged "show in menus", in the request's language."""
    request = context.get("request")
    territory = getattr(request, "territory", None)
    if territory is None:
        return []
    cache_attr = "_territoria_menu"
    if not hasattr(request, cache_attr):
        home = _localized_home(territory)
        items = list(home.get_children().live().public().in_menu()) if home else []
        setattr(request, cache_attr, (home, items))
    return getattr(request, cache_attr)[1]


@register.simple_tag(takes_context=True)
def home_page(context):
    request = context.get("request")
    territory = getattr(request, "territory", None)
    if territory is None:
        return None
    menu_pages(context)
    return request._territoria_menu[0]


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The legal pages (not in menus) of the localized home page."""
    request = context.get("request")
    home = home_page(context)
    if home is None:
        return []
    if not hasattr(request, "_territoria_footer"):
        request._territoria_footer = list(home.get_children().live().public().filter(show_in_menus=False))
    return request._territoria_footer


def _localized_home(territory):
    root = territory.site.root_page
    language = translation.get_language()
    if root.locale.language_code == language:
        return root
    return root.get_translations().filter(locale__language_code=language).first() or root
