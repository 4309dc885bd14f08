"""``TerritoryOwnedViewSetMixin``: the admin side of a territory-owned model.

Put it in front of ``SnippetViewSet`` or ``ModelViewSet``. Every view the viewset builds
(listing, results, create, edit, delete, copy, history, usage, inspect, preview, revisions,
chooser and its steps) is wrapped so that

- the model's querysets hold only rows where the user holds the view's permission, in the
  territory whose group grants it (``TerritoryOwnedPermissionPolicy``);
- a URL naming any other row answers 404 (not 403: we do not confirm that the id exists);
- the form is ``TerritoryOwnedAdminForm`` underneath whatever the viewset builds;
- its URLs, edit handler and form classes are built platform-wide: Wagtail builds them once,
  outside any request (a worker's start-up checks, the panel checks), when a foreign key to a
  territory-owned model takes its default queryset, which the scoped manager refuses.
  Building them runs no query; each form made in a request re-reads the queryset in the
  request's scope, and the admin form limits its choices to the user's territories.

``territories.checks`` refuses a viewset of a territory-owned model without this mixin.
"""

from functools import cache

from django.http import Http404
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .forms import territory_owned_form
from .permissions import TerritoryOwnedPermissionPolicy
from .tenancy import is_territory_owned, platform_wide

ANY_ACTION = ["add", "change", "delete", "view"]


def _actions(view) -> list[str]:
    required = getattr(view, "permission_required", None)
    if isinstance(required, str):
        return [required]
    return list(getattr(view, "any_permission_required", None) or ANY_ACTION)


class TerritoryOwnedViewMixin:
    """Wraps one admin view. Only querysets of the territory-owned model itself are
    filtered: a history or usage view also lists log entries and references, which are not."""

    def _policy(self):
        return policy_registry.get_by_type(self._owned_model())

    def _owned_model(self):
        return getattr(self, "model_class", None) or self.model

    def _scope(self, queryset):
        model = getattr(queryset, "model", None)
        if model is None or not issubclass(model, self._owned_model()):
            return queryset
        policy, actions = self._policy(), _actions(self)
        if isinstance(policy, TerritoryOwnedPermissionPolicy):
            return policy.filter_allowed(queryset, self.request.user, actions)
        allowed = policy.instances_user_has_any_permission_for(self.request.user, actions)
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_base_queryset(self):
        return self._scope(super().get_base_queryset())

    def get_object_list(self):
        return self._scope(super().get_object_list())

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if getattr(instance, "pk", None) is not None and not (
            self._policy().user_has_any_permission_for_instance(
                self.request.user, _actions(self), instance
            )
        ):
            raise Http404
        return instance

    def get_objects(self, *args, **kwargs):
        return self._scope(super().get_objects(*args, **kwargs))


@cache
def territory_owned_view(view_class):
    if issubclass(view_class, TerritoryOwnedViewMixin):
        return view_class
    return type(f"TerritoryOwned{view_class.__name__}", (TerritoryOwnedViewMixin, view_class), {})


class _WrapViewsMixin:
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(territory_owned_view(view_class), **kwargs)


class TerritoryOwnedChooserViewSet(_WrapViewsMixin, SnippetChooserViewSet):
    pass


class TerritoryOwnedViewSetMixin(_WrapViewsMixin):
    """Put in front of ``SnippetViewSet`` or ``ModelViewSet`` for a territory-owned model."""

    chooser_viewset_class = TerritoryOwnedChooserViewSet

    def on_register(self):
        if not is_territory_owned(self.model):
            raise TypeError(
                f"{type(self).__name__}: {self.model.__name__} is not territory-owned "
                "(subclass TerritoryOwned or TerritoryOwnedVia)."
            )
        super().on_register()

    def get_urlpatterns(self):
        with platform_wide():
            return super().get_urlpatterns()

    def get_edit_handler(self):
        with platform_wide():
            return super().get_edit_handler()

    def get_form_class(self, for_update=False):
        return territory_owned_form(super().get_form_class(for_update))
