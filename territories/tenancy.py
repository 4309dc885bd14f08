"""Territory-owned models: the one mechanism that keeps a territory's rows its own.

A model is *territory-owned* when it subclasses ``TerritoryOwned`` (its own ``territory``
foreign key) or ``TerritoryOwnedVia`` (the territory is reached through a relation, e.g. a
delivery through its newsletter). Either way it is registered here when Django prepares
the class, before any viewset, form or test knows about it, and its default manager is a
django-scopes manager: a query runs only inside ``territory_scope(...)`` (opened by
``TerritoryScopeMiddleware`` for every request) or ``platform_wide()``, and otherwise
raises ``ScopeError`` instead of returning every territory's rows.

``territories.checks`` rejects, in ``manage.py check`` (so in CI), a concrete model with a
foreign key to ``Territory`` that is neither territory-owned nor marked
``territory_exempt``, and an admin viewset of a territory-owned model that lacks
``TerritoryOwnedViewSetMixin``. See docs/tenancy.md.
"""

from contextlib import contextmanager

from django.db import models
from django.db.models.signals import class_prepared, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, ScopeError, get_scope, scope, scopes_disabled

DIMENSION = "territory"

# model -> the lookup path from the model to its Territory ("territory", "newsletter__territory")
REGISTRY: dict[type[models.Model], str] = {}


class TerritoryOwnedQuerySet(models.QuerySet):
    def for_territory(self, territory):
        return self.filter(**{self.model.territory_path: territory})


def territory_manager(path: str = "territory", queryset_class=TerritoryOwnedQuerySet):
    """A default manager that refuses to query outside a territory scope.

    ``queryset_class`` lets a model keep its own QuerySet methods (``.live()``,
    ``.available()``); it should subclass ``TerritoryOwnedQuerySet``.
    """
    manager = ScopedManager(models.Manager.from_queryset(queryset_class), **{DIMENSION: path})
    manager.territory_path = path
    return manager


class TerritoryOwned(models.Model):
    """Abstract base of a model whose rows each belong to one territory."""

    territory_path = "territory"

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territory"),
    )

    objects = territory_manager()

    class Meta:
        abstract = True


class TerritoryOwnedVia(models.Model):
    """Abstract base of a model that belongs to a territory through a relation.

    Set ``territory_path`` (``"newsletter__territory"``) and
    ``objects = territory_manager("newsletter__territory")``.
    """

    territory_path = ""

    class Meta:
        abstract = True


def is_territory_owned(model) -> bool:
    return model in REGISTRY or (
        getattr(model, "_meta", None) is not None and model._meta.concrete_model in REGISTRY
    )


def territory_path(model) -> str:
    return REGISTRY[model._meta.concrete_model]


@receiver(class_prepared)
def _register(sender, **kwargs):
    if not issubclass(sender, TerritoryOwned | TerritoryOwnedVia):
        return
    if sender._meta.abstract or sender._meta.proxy:
        return
    if not sender.territory_path:
        raise TypeError(f"{sender.__name__} subclasses TerritoryOwnedVia: set territory_path.")
    REGISTRY[sender] = sender.territory_path


def territory_id_of(instance) -> int | None:
    """The id of the territory a (possibly unsaved) territory-owned row belongs to."""
    path = territory_path(type(instance))
    if "__" not in path:
        return getattr(instance, f"{path}_id", None)
    # Through a relation: follow the objects in memory (an unsaved row has no pk to query).
    obj = instance
    *parents, last = path.split("__")
    for part in parents:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


# --- Scopes -------------------------------------------------------------------------------


@contextmanager
def territory_scope(territories):
    """Territory-owned queries inside see the given territories only.

    ``territories`` is a Territory, an id, an iterable of either, or ``None`` for every
    territory (superusers). An empty iterable sees nothing.
    """
    if territories is None:
        value = None
    elif isinstance(territories, models.Model | int):
        value = [territories.pk if isinstance(territories, models.Model) else territories]
    else:
        value = [t.pk if isinstance(t, models.Model) else t for t in territories]
    with scope(**{DIMENSION: value}):
        yield


@contextmanager
def platform_wide():
    """Code that is truly about every territory (migrations, platform commands, Celery tasks
    that look their rows up by id) says so here; nothing else disables the scopes."""
    with scopes_disabled():
        yield


def current_territory_ids() -> list[int] | None:
    """The ids the active scope allows, ``None`` for all; raises ScopeError outside a scope."""
    state = get_scope()
    if not state.get("_enabled", True):
        return None
    if DIMENSION not in state:
        raise ScopeError("No territory scope is active.")
    return state[DIMENSION]


@receiver(pre_save)
def _refuse_writes_outside_scope(sender, instance, raw=False, **kwargs):
    """The last line of defence: a territory-owned row is never written into a territory
    the active scope does not include, whatever form or view forgot to check."""
    if raw or not is_territory_owned(sender):
        return
    allowed = current_territory_ids()
    if allowed is None:
        return
    if territory_id_of(instance) not in allowed:
        raise ScopeError(
            f"Refused to save a {sender.__name__} of another territory than the active scope's."
        )
