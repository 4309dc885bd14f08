"""Permission policies: a model permission counts only through the territory's own groups.

``TerritoryOwnedPermissionPolicy`` is registered (``TerritoriesConfig.ready``) for every
territory-owned model: a permission held by group G of territory T allows the action on
T's rows only. A Developer (CRM rights) of A who is an Editor of B reads A's leads, not
B's. Wagtail asks the policy for menus, listings, buttons, editing sessions and bulk actions;
``TerritoryOwnedViewSetMixin`` makes the viewset's views ask it for every row they touch.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy, ModelPermissionPolicy

from .membership import territory_ids_with_permission
from .tenancy import territory_id_of, territory_path

# Permission ids by (model, actions): an admin page asks every menu item's policy, one
# query each, for ids that only change with migrations. Forgotten whenever a permission row
# is saved or deleted, and after migrate or flush (``forget_permission_ids``, apps.py).
_PERMISSION_IDS: dict[tuple[str, frozenset], tuple[int, ...]] = {}


def forget_permission_ids(**_kwargs) -> None:
    _PERMISSION_IDS.clear()


class TerritoryOwnedPermissionPolicy(ModelPermissionPolicy):
    def _permission_ids(self, actions) -> list[int]:
        key = (self.model._meta.label_lower, frozenset(actions))
        ids = _PERMISSION_IDS.get(key)
        if ids is None:
            objects = self._get_permission_objects_for_actions(actions)
            ids = _PERMISSION_IDS[key] = tuple(objects.values_list("pk", flat=True))
        return list(ids)

    def territory_ids_for(self, user, actions) -> set[int] | None:
        """Where the user may perform any of ``actions`` on this model (None: everywhere)."""
        return territory_ids_with_permission(user, self._permission_ids(actions))

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user, actions):
        ids = self.territory_ids_for(user, actions)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        ids = self.territory_ids_for(user, actions)
        if ids is None:
            return True
        territory_id = territory_id_of(instance)
        if territory_id is None:  # an unsaved row with no territory yet: a create form
            return instance.pk is None and bool(ids)
        return territory_id in ids

    def instances_user_has_any_permission_for(self, user, actions):
        return self.filter_allowed(self.model._default_manager.all(), user, actions)

    def filter_allowed(self, queryset, user, actions):
        """``queryset`` (of this model or a subclass) narrowed to the territories where the
        user may perform any of ``actions``: a plain condition on the territory, which the
        database plans with the listing's own filters and indexes (a ``pk IN (subquery)``
        on the same table costs a second pass over the territory's rows)."""
        ids = self.territory_ids_for(user, actions)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{territory_path(self.model)}__in": sorted(ids)})

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def _users_through_territory_groups(self, actions, **territory):
        # Through a live territory's group only (plus superusers): a platform group's model
        # permission reaches no territory's rows.
        permissions = self._get_permission_objects_for_actions(actions)
        through_group = {f"groups__territories__{key}": value for key, value in territory.items()}
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(
                    groups__permissions__in=permissions,
                    groups__territories__is_archived=False,
                    **through_group,
                ),
                is_active=True,
            )
            .distinct()
        )

    def users_with_any_permission(self, actions):
        return self._users_through_territory_groups(actions)

    def users_with_any_permission_for_instance(self, actions, instance):
        return self._users_through_territory_groups(actions, pk=territory_id_of(instance))


class SuperuserOnlyPermissionPolicy(BasePermissionPolicy):
    """For admin screens that only make sense across territories (the territories
    themselves, platform-wide reports)."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return user.is_active and user.is_superuser

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_permission(user, "")

    def instances_user_has_permission_for(self, user, action):
        manager = self.model._default_manager
        return manager.all() if self.user_has_permission(user, action) else manager.none()

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, "")

    def users_with_permission(self, action):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_any_permission(self, actions):
        return self.users_with_permission("")
