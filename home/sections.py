"""Blocks that feature apps add to every territory's home page, declared in their apps.py::

    class AttractivenessConfig(AppConfig):
        home_sections = [
            HomeSection("key_figures", "attractiveness/home/key_figures.html",
                        "attractiveness.home.key_figures", order=10),
        ]

``context`` is the dotted path of a function ``(request, home, chrome) -> dict``; an empty
dict leaves the block out. Blocks with ``order`` below ``BODY_ORDER`` come before the
editor's body, the others after it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string

BODY_ORDER = 50


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


def home_sections(request, home, chrome) -> dict[str, list]:
    """The declared blocks with their context, split around the body:
    ``{"before": [...], "after": [...]}``."""
    rendered = {"before": [], "after": []}
    for section in declared_home_sections():
        context = import_string(section.context)(request, home, chrome)
        if context:
            place = "before" if section.order < BODY_ORDER else "after"
            rendered[place].append({"template": section.template, "context": context})
    return rendered


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
