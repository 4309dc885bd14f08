"""Blocks that apps add to every filière page (``EcosystemPage``), declared in their apps.py::

    class RealestateConfig(AppConfig):
        ecosystem_sections = ["realestate.ecosystem.OFFERS"]

Each entry is the dotted path of an ``EcosystemSection`` (defined in ``home.sections``, so that
real estate, which may not import the showcase, can declare one too); its
``context(request, page)`` returns the block's context, or an empty dict to leave it out.
Blocks render in ``order``, after the page's own body. This mirrors ``home_sections``
(home/sections.py): the filière page names none of the apps that fill it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string

from home.sections import EcosystemSection

if TYPE_CHECKING:
    from .models import EcosystemPage

__all__ = ["EcosystemSection", "declared_ecosystem_sections", "ecosystem_sections"]


def declared_ecosystem_sections() -> list[EcosystemSection]:
    """Every app's declared sections, in ``order`` (then ``key``, so ties are stable)."""
    found = []
    for config in apps.get_app_configs():
        for dotted in getattr(config, "ecosystem_sections", ()):
            section = import_string(dotted)
            if not isinstance(section, EcosystemSection):
                raise ImproperlyConfigured(
                    f"{config.name}.ecosystem_sections: {dotted} is not an EcosystemSection."
                )
            found.append(section)
    keys = [section.key for section in found]
    if len(keys) != len(set(keys)):
        raise ImproperlyConfigured(f"Two ecosystem sections share a key: {sorted(keys)}")
    return sorted(found, key=lambda section: (section.order, section.key))


def ecosystem_sections(request: HttpRequest, page: EcosystemPage) -> list[dict]:
    """The sections to show on ``page``: ``[{"key", "template", "context"}, …]`` in order,
    those whose context is empty left out."""
    rendered = []
    for section in declared_ecosystem_sections():
        context = section.context(request, page)
        if context:
            rendered.append({"key": section.key, "template": section.template, "context": context})
    return rendered
