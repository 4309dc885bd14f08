"""Blocks that feature apps add to every territory's home page, declared in their apps.py::

    class AttractivenessConfig(AppConfig):
        home_sections = [
            HomeSection("key_figures", "attractiveness/home/key_figures.html",
                        "attractiveness.home.key_figures", order=10),
        ]

``context`` is the dotted path of a function ``(request, home, chrome) -> dict``; an empty
dict leaves the block out. Blocks with ``order`` below ``BODY_ORDER`` come before the
editor's body, the others after it.

The blocks are rendered once per host, language and page-cache generation, and their HTML
is cached with the host's pages (``cached_for_host``, in ``HomePage.get_context``): every
purge of the host (a page published, unpublished, moved or deleted, a view restriction, an
image, a key figure, the settings) renders them again, so a page-cache miss of the home
page costs no query for them. Two rules follow for a block:

- it shows what every visitor sees: it is rendered with the request, the home page
  (``page``) and its own context only, never the user, the CSRF token or the messages;
- content that changes without a purge says when: a context may hold ``EXPIRES``, an aware
  datetime (the first upcoming event's start), and the blocks are rendered again after it.
"""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

BODY_ORDER = 50
EXPIRES = "expires"  # a context's key: when its block must be rendered again


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: str
    order: int = 100


def declared(attribute: str) -> list:
    """What the apps declare under ``attribute`` of their AppConfig (``home_sections``,
    ``search_groups``…), by ``order``."""
    found = [item for config in apps.get_app_configs() for item in getattr(config, attribute, ())]
    return sorted(found, key=lambda item: item.order)


def declared_home_sections() -> list[HomeSection]:
    return declared("home_sections")


def render_home_sections(request, home, chrome) -> dict:
    """The declared blocks' HTML, split around the body: ``{"before": [...], "after": [...],
    EXPIRES: the first of their contexts' EXPIRES or None}``. Uncached: HomePage caches it
    (module docstring)."""
    rendered = {"before": [], "after": [], EXPIRES: None}
    for section in declared_home_sections():
        context = import_string(section.context)(request, home, chrome)
        if not context:
            continue
        expires = context.pop(EXPIRES, None)
        if expires is not None and (rendered[EXPIRES] is None or expires < rendered[EXPIRES]):
            rendered[EXPIRES] = expires
        html = get_template(section.template).render({**context, "request": request, "page": home})
        place = "before" if section.order < BODY_ORDER else "after"
        rendered[place].append(SafeString(html))
    return rendered


def seconds_left(rendered: dict) -> int:
    """The cache timeout of rendered blocks: until the first ``EXPIRES`` among them (0, not
    kept, when less than a second is left), at most PAGE_CACHE_TIMEOUT."""
    expires: dt.datetime | None = rendered[EXPIRES]
    if expires is None:
        return settings.PAGE_CACHE_TIMEOUT
    left = (expires - timezone.now()).total_seconds()
    return max(0, min(settings.PAGE_CACHE_TIMEOUT, math.floor(left)))


@dataclass(frozen=True)
class EcosystemSection:
    """A block an app adds to every filière page (``attractiveness.EcosystemPage``), declared
    by dotted path in its AppConfig's ``ecosystem_sections``; ``context(request, page)``
    returns its context, ``{}`` to leave it out. Defined here, in the site layer, so that
    real estate (a sibling of the showcase, which it may not import) can declare one too;
    ``attractiveness.ecosystem_sections`` re-exports it and renders the sections."""

    key: str
    order: int
    template: str
    context: Callable  # (HttpRequest, EcosystemPage) -> dict; {} = not shown
