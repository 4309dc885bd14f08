"""Where a page lies in the territories' tree, for forms that take a page id from a post."""

from wagtail.models import Page

HOME_DEPTH = 2  # each language's home page sits right under Wagtail's root


def same_territory(page: Page, other: Page) -> bool:
    """Whether two pages lie in one territory's tree: their home pages (one per language,
    translations of each other) share a translation key. One query."""
    length = Page.steplen * HOME_DEPTH
    if len(page.path) < length or len(other.path) < length:
        return False
    homes = Page.objects.filter(path__in={page.path[:length], other.path[:length]})
    return len(set(homes.values_list("translation_key", flat=True))) == 1
