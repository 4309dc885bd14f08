"""What an app brings to every territory, declared in its own ``apps.py``.

A feature app never edits ``territories/``: its ``AppConfig`` sets ``territory_feature``::

    class RealestateConfig(AppConfig):
        name = "realestate"
        territory_feature = TerritoryFeature(
            sections=[Section("offers", "realestate.OfferIndexPage",
                              {"fr": ("Immobilier d'entreprise", "immobilier"),
                               "en": ("Business property", "property")})],
            roles={"Editors": ["realestate.add_offer", "realestate.change_offer"]},
            purges=["realestate.Offer"],
        )

``territory_sync`` (services.py) applies every declaration to every live territory, on
provisioning and after each ``migrate``: an app added later reaches existing territories.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

# The roles every territory has; an app may add permissions to any of them, or a new role.
ROLES = ("Editors", "Moderators", "Developers", "Communication")


@dataclass(frozen=True)
class Section:
    """A page of the standard tree, created under each language's home page."""

    key: str  # stable across languages and runs: the page's translation key derives from it
    model: str  # "app_label.ModelName"
    titles: dict[str, tuple[str, str]]  # language -> (title, slug)
    in_menu: bool = True
    order: int = 100
    defaults: Callable | None = None  # territory -> extra field values for a new page


@dataclass(frozen=True)
class TerritoryFeature:
    sections: list[Section] = field(default_factory=list)
    # role -> "app_label.codename" model permissions, counted on the territory's rows only
    roles: dict[str, list[str]] = field(default_factory=dict)
    # "app_label.Model" whose saves and deletes purge the territory's cached pages
    purges: list[str] = field(default_factory=list)
    # the page model at the root of each language's tree (one app declares it)
    home_page: str = ""
    home_defaults: Callable | None = None  # (territory, language) -> extra field values


def features() -> list[tuple[str, TerritoryFeature]]:
    return [
        (config.label, config.territory_feature)
        for config in apps.get_app_configs()
        if isinstance(getattr(config, "territory_feature", None), TerritoryFeature)
    ]


def sections() -> list[Section]:
    found = [section for _label, feature in features() for section in feature.sections]
    keys = [section.key for section in found]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        raise ValueError(f"Two apps declare the same section key(s): {sorted(duplicates)}")
    return sorted(found, key=lambda section: section.order)


def role_permissions() -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {role: set() for role in ROLES}
    for _label, feature in features():
        for role, permissions in feature.roles.items():
            roles.setdefault(role, set()).update(permissions)
    return roles


def purging_models() -> list[type]:
    return [apps.get_model(label) for _app, feature in features() for label in feature.purges]


def home_feature() -> TerritoryFeature:
    declared = [feature for _label, feature in features() if feature.home_page]
    if len(declared) != 1:
        raise LookupError(
            f"Exactly one app must declare territory_feature.home_page ({len(declared)} do)."
        )
    return declared[0]
