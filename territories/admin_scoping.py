"""Admin isolation, one mechanism for every territory-owned model.

``TerritoryScopedViewSetMixin`` goes in front of a ``SnippetViewSet`` or ``ModelViewSet``:
every view it builds (listing, create, edit, delete, history, usage, inspect, preview,
revisions, chooser…) is wrapped so that

- listings and chooser results only hold rows of the user's territories;
- any URL that names an object of another territory answers 404 (not 403: we do not
  confirm that the id exists);
- the form's ``territory`` field only offers the user's territories
  (``TerritoryScopedAdminForm``, set as the model's ``base_form_class``).
"""

from functools import cache

from django.http import Http404
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .models import Territory


def territory_ids_for(user) -> set[int] | None:
    """The ids of the user's territories, None meaning "all" (superuser). Cached on the user."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_territory_ids"):
        user._territory_ids = set(Territory.objects.for_user(user).active().values_list("pk", flat=True))
    return user._territory_ids


def scope_queryset(queryset, user, field: str = "territory"):
    ids = territory_ids_for(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def check_instance(instance, user, field: str = "territory") -> None:
    ids = territory_ids_for(user)
    if ids is not None and getattr(instance, f"{field}_id", None) not in ids:
        raise Http404


class TerritoryScopedViewMixin:
    territory_field = "territory"

    def get_base_queryset(self):
        return scope_queryset(super().get_base_queryset(), self.request.user, self.territory_field)

    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user, self.territory_field)

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        check_instance(instance, self.request.user, self.territory_field)
        return instance

    def get_objects(self, *args, **kwargs):
        objects = super().get_objects(*args, **kwargs)
        return scope_queryset(objects, self.request.user, self.territory_field)


@cache
def scoped_view_class(view_class):
    if issubclass(view_class, TerritoryScopedViewMixin):
        return view_class
    return type(f"TerritoryScoped{view_class.__name__}", (TerritoryScopedViewMixin, view_class), {})


class _ScopedConstructMixin:
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view_class(view_class), **kwargs)


class TerritoryScopedChooserViewSet(_ScopedConstructMixin, SnippetChooserViewSet):
    pass


class TerritoryScopedViewSetMixin(_ScopedConstructMixin):
    chooser_viewset_class = TerritoryScopedChooserViewSet
