"""The one tenancy mechanism every territory-owned model reuses.

- ``TerritoryScopedQuerySet``: ``.for_territory(t)`` and ``.visible_to(user)``.
- ``TerritoryOwnedMixin``: the ``territory`` foreign key and the manager.
- ``TerritoryScopedViewSetMixin`` (in territories/views/admin... see viewsets.py) scopes
  listings, choosers, edit/delete/history URLs and the form's territory choices.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryScopedQuerySet(models.QuerySet):
    territory_field = "territory"

    def for_territory(self, territory):
        return self.filter(**{self.territory_field: territory})

    def visible_to(self, user):
        """Rows of the territories the user belongs to; everything for a superuser."""
        from .models import Territory

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.territory_field}__in": Territory.objects.for_user(user)})


class TerritoryOwnedMixin(models.Model):
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("territory"),
    )

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        abstract = True
