"""System checks (``manage.py check``, so CI) that keep the tenancy mechanism closed."""

from importlib.metadata import PackageNotFoundError, version

from django.apps import apps
from django.core import checks

from .tenancy import REGISTRY, is_territory_owned


def _points_to_territory(field) -> bool:
    if not (field.is_relation and field.many_to_one):
        return False
    target = field.related_model  # a label until the model's app registry resolves it
    if target is None:  # a generic foreign key
        return False
    label = target if isinstance(target, str) else target._meta.label
    return label.lower() == "territories.territory"


def check_territory_owned_models(app_configs=None, **kwargs):
    """A concrete model with a foreign key to Territory must be territory-owned (or say why
    not with ``territory_exempt``), and a territory-owned model's default manager must be
    the scoped one."""
    errors = []
    models = (
        [m for config in app_configs for m in config.get_models()]
        if app_configs
        else apps.get_models()
    )
    for model in models:
        if model._meta.auto_created or model._meta.app_label == "territories":
            continue
        if is_territory_owned(model):
            manager = model._default_manager
            if getattr(manager, "territory_path", None) != REGISTRY[model._meta.concrete_model]:
                errors.append(
                    checks.Error(
                        f"{model._meta.label} is territory-owned but its default manager does "
                        "not refuse queries outside a territory scope.",
                        hint="Use objects = territory_manager(<path>) from territories.tenancy.",
                        obj=model,
                        id="territories.E002",
                    )
                )
            continue
        if getattr(model, "territory_exempt", ""):
            continue
        if any(_points_to_territory(field) for field in model._meta.get_fields()):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has a foreign key to Territory but is not "
                    "territory-owned: its rows would be visible to every territory.",
                    hint="Subclass territories.tenancy.TerritoryOwned (or TerritoryOwnedVia), "
                    'or set territory_exempt = "<why>" on a platform-wide model.',
                    obj=model,
                    id="territories.E001",
                )
            )
    return errors


def check_viewsets(app_configs=None, **kwargs):
    """Every admin viewset (snippets, model viewsets, choosers) of a territory-owned model
    wraps its views with ``TerritoryOwnedViewSetMixin``."""
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets

    from .viewsets import _WrapViewsMixin

    get_resolver().url_patterns  # noqa: B018 -- loading the admin URLs registers the viewsets
    errors = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model is None or not is_territory_owned(model):
            continue
        if not isinstance(viewset, _WrapViewsMixin):
            errors.append(
                checks.Error(
                    f"The admin viewset {type(viewset).__name__} of the territory-owned model "
                    f"{model._meta.label} does not scope its views.",
                    hint="Put territories.viewsets.TerritoryOwnedViewSetMixin first in its bases.",
                    obj=type(viewset),
                    id="territories.E003",
                )
            )
    return errors


def check_override_versions(app_configs=None, **kwargs):
    from .overrides import VERIFIED

    warnings = []
    for package, verified in VERIFIED.items():
        try:
            running = version(package)
        except PackageNotFoundError:
            running = "absent"
        if running != verified:
            warnings.append(
                checks.Warning(
                    f"territories/overrides/ was verified against {package} {verified}; "
                    f"{running} is installed.",
                    hint="Run the isolation tests, re-read each override's target, then update "
                    "VERIFIED in territories/overrides/__init__.py.",
                    id="territories.W001",
                )
            )
    return warnings


def register() -> None:
    checks.register(check_territory_owned_models, checks.Tags.models)
    checks.register(check_viewsets, checks.Tags.admin)
    checks.register(check_override_versions, checks.Tags.compatibility)
