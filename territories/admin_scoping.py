"""Admin isolation: one mechanism for every territory-owned model, plus the few places
where Wagtail's own screens need to be told about territories.

For a model with a ``territory`` foreign key (snippets today; companies, leads,
subscribers, newsletters tomorrow), ``TerritoryScopedViewSetMixin`` goes in front of its
``SnippetViewSet`` / ``ModelViewSet``. Every view the viewset builds (listing, create,
edit, delete, copy, history, usage, inspect, preview, revisions, chooser…) is wrapped so that

- listings and chooser results only hold rows of the user's territories;
- any URL naming a row of another territory answers 404 (not 403: we do not confirm
  that the id exists);
- the form's ``territory`` field only offers the user's territories
  (``TerritoryScopedAdminForm``, set as the model's ``base_form_class``);
- the snippet bulk actions and Wagtail's audit log ignore other territories' rows
  (they read ``SCOPED_MODELS``, filled in when the viewset is registered).

Pages, images and documents are scoped by Wagtail's own page and collection permissions
(provisioning grants them on the territory's tree and collection only); the helpers
below close the places where Wagtail lists objects without asking for a permission.
See docs/tenancy.md for the surface-by-surface table.
"""

from functools import cache, reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from wagtail.models import Page, Site, Workflow
from wagtail.permission_policies.base import BasePermissionPolicy, ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from .models import Territory

# Territory-owned models registered through TerritoryScopedViewSetMixin: model -> field name.
SCOPED_MODELS: dict[type, str] = {}


# --- Who belongs where --------------------------------------------------------------------


def territory_ids_for(user) -> set[int] | None:
    """The ids of the user's live territories; None means "all" (superuser). Cached on the user."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_territory_ids"):
        user._territory_ids = set(
            Territory.objects.for_user(user).active().values_list("pk", flat=True)
        )
    return user._territory_ids


def scope_queryset(queryset, user, field: str = "territory"):
    """Rows of the user's territories only (all rows for a superuser)."""
    ids = territory_ids_for(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def instance_in_scope(instance, user, field: str = "territory") -> bool:
    """Whether ``instance`` belongs to one of the user's territories. ``field`` may follow
    relations (``offer__territory``)."""
    ids = territory_ids_for(user)
    if ids is None:
        return True
    if "__" not in field:
        return getattr(instance, f"{field}_id", None) in ids
    manager = type(instance)._default_manager
    return manager.filter(pk=instance.pk, **{f"{field}__in": ids}).exists()


def check_instance(instance, user, field: str = "territory") -> None:
    """404 unless ``instance`` belongs to one of the user's territories."""
    if not instance_in_scope(instance, user, field):
        raise Http404


def page_roots_for(user) -> list[str] | None:
    """Tree paths of the home pages (every translation) of the user's territories; None for a
    superuser. Everything a territory publishes lives under one of these."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_territory_page_paths"):
        root_ids = Site.objects.filter(territory__pk__in=territory_ids_for(user)).values(
            "root_page__translation_key"
        )
        user._territory_page_paths = list(
            Page.objects.filter(translation_key__in=root_ids).values_list("path", flat=True)
        )
    return user._territory_page_paths


def scope_pages(queryset, user):
    paths = page_roots_for(user)
    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def page_in_scope(page, user) -> bool:
    paths = page_roots_for(user)
    return paths is None or any(page.path.startswith(path) for path in paths)


def users_visible_to(user):
    """People an admin user may see named in filters: members of their territories."""
    users = get_user_model().objects.all()
    ids = territory_ids_for(user)
    if ids is None:
        return users
    return users.filter(groups__territories__in=ids).distinct()


def workflows_visible_to(user):
    if user.is_superuser:
        return Workflow.objects.all()
    pages = scope_pages(Page.objects.all(), user)
    return Workflow.objects.filter(workflow_pages__page__in=pages).distinct()


# --- Territory-owned models: the viewset mixin -------------------------------------------


class TerritoryScopedViewMixin:
    """Wraps one admin view. Only querysets of the scoped model itself are filtered: a
    history or usage view also lists log entries and references, which are not."""

    territory_field = "territory"

    def _scope(self, queryset):
        model = getattr(queryset, "model", None)
        scoped = getattr(self, "model_class", None) or self.model
        if model is None or not issubclass(model, scoped):
            return queryset
        return scope_queryset(queryset, self.request.user, self.territory_field)

    def get_base_queryset(self):
        return self._scope(super().get_base_queryset())

    def get_object_list(self):
        return self._scope(super().get_object_list())

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if getattr(instance, "pk", None) is not None:  # create views build an unsaved one
            check_instance(instance, self.request.user, self.territory_field)
        return instance

    def get_objects(self, *args, **kwargs):
        return self._scope(super().get_objects(*args, **kwargs))


@cache
def scoped_view_class(view_class, territory_field: str = "territory"):
    if issubclass(view_class, TerritoryScopedViewMixin):
        return view_class
    return type(
        f"TerritoryScoped{view_class.__name__}",
        (TerritoryScopedViewMixin, view_class),
        {"territory_field": territory_field},
    )


class _ScopedConstructMixin:
    territory_field = "territory"

    def construct_view(self, view_class, **kwargs):
        # A chooser viewset inherits the field its snippet viewset registered.
        field = SCOPED_MODELS.get(self.model, self.territory_field)
        view_class = scoped_view_class(view_class, field)
        return super().construct_view(view_class, **kwargs)


class TerritoryScopedChooserViewSet(_ScopedConstructMixin, SnippetChooserViewSet):
    pass


class TerritoryOwnedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, but only on rows of the user's territories. Wagtail asks the
    policy before per-object actions (editing sessions, bulk actions, delete buttons…)."""

    def __init__(self, model, territory_field: str = "territory", **kwargs):
        super().__init__(model, **kwargs)
        self.territory_field = territory_field

    def _in_scope(self, user, instance) -> bool:
        # Unsaved rows (create views) are guarded by TerritoryScopedAdminForm instead.
        return instance.pk is None or instance_in_scope(instance, user, self.territory_field)

    def user_has_permission_for_instance(self, user, action, instance):
        return self._in_scope(user, instance) and super().user_has_permission_for_instance(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self._in_scope(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_permission_for(self, user, action):
        rows = super().instances_user_has_permission_for(user, action)
        return scope_queryset(rows, user, self.territory_field)

    def instances_user_has_any_permission_for(self, user, actions):
        rows = super().instances_user_has_any_permission_for(user, actions)
        return scope_queryset(rows, user, self.territory_field)


class TerritoryScopedViewSetMixin(_ScopedConstructMixin):
    """Put in front of ``SnippetViewSet`` or ``ModelViewSet`` for a territory-owned model."""

    chooser_viewset_class = TerritoryScopedChooserViewSet

    def __init__(self, *args, **kwargs):
        model = kwargs.get("model") or self.model
        SCOPED_MODELS[model] = self.territory_field
        if not isinstance(
            policy_registry.get_by_type(model, fallback=False), TerritoryOwnedPermissionPolicy
        ):
            register_permission_policy(
                model, TerritoryOwnedPermissionPolicy(model, self.territory_field)
            )
        super().__init__(*args, **kwargs)


def scoped_object_ids(model, user):
    """The ids (as text, like the audit log's object_id) of a scoped model's visible rows."""
    field = SCOPED_MODELS[model]
    rows = scope_queryset(model._default_manager.all(), user, field)
    return rows.annotate(_text_pk=Cast("pk", CharField())).values("_text_pk")


# --- Permission policies -----------------------------------------------------------------


class TerritorySitePermissionPolicy(SitePermissionPolicy):
    """Site settings (TerritorySettings): a model permission held through a territory's
    group counts on that territory's Site only.

    Provisioning grants ``change_territorysettings`` to each territory's Moderators group;
    Wagtail's ``SitePermissionPolicy`` would read that global permission as "every site".
    Per-site ``GroupSitePermission`` rows keep working as in Wagtail.
    """

    def sites_user_has_any_permission_for(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return Site.objects.none()
        if user.is_superuser:
            return Site.objects.all()
        permission_ids = list(
            self._get_permission_objects_for_actions(actions).values_list("id", flat=True)
        )
        through_territory = Q(
            territory__is_archived=False,
            territory__groups__user=user,
            territory__groups__permissions__in=permission_ids,
        )
        through_site_permission = Q(
            group_permissions__permission_id__in=permission_ids,
            group_permissions__group__user=user,
        )
        return Site.objects.filter(through_territory | through_site_permission).distinct()

    def user_has_any_permission(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or self.sites_user_has_any_permission_for(user, actions).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        site_id = (
            instance.pk
            if isinstance(instance, Site)
            else getattr(instance, self.site_fk_field_name)
        )
        return self.sites_user_has_any_permission_for(user, actions).filter(pk=site_id).exists()


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


# --- Wagtail screens without a hook ---------------------------------------------------------
#
# A few of Wagtail's filters list every Site, Workflow or user of the platform, and the
# audit log shows every snippet row to anyone with the model permission. Wagtail offers no
# hook for these, so ``install_wagtail_patches`` (called once from wagtail_hooks.py) gives
# those filters request-aware querysets and scopes the audit log. Each one is covered by
# tests/territories/test_isolation_reports.py.


def _intersect(original, scoper):
    def queryset(request):
        base = original(request) if callable(original) else original.all()
        if request is None:
            return base.none()
        return base.filter(pk__in=scoper(request.user).values("pk"))

    return queryset


def _sites_for(user):
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(territory__pk__in=territory_ids_for(user))


def install_wagtail_patches() -> None:
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
    from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet
    from wagtail.admin.views.reports.workflows import (
        WorkflowReportFilterSet,
        WorkflowTasksReportFilterSet,
    )
    from wagtail.contrib.forms.views import FormPageFilterSet
    from wagtail.models import ModelLogEntry, Task

    def tasks_for(user):
        if user.is_superuser:
            return Task.objects.all()
        return Task.objects.filter(workflow_tasks__workflow__in=workflows_visible_to(user))

    scopers = {
        "site": _sites_for,
        "owner": users_visible_to,
        "edited_by": users_visible_to,
        "locked_by": users_visible_to,
        "requested_by": users_visible_to,
        "workflow": workflows_visible_to,
        "task": tasks_for,
    }
    filtersets = (
        PageFilterSet,
        GenericPageFilterSet,
        FormPageFilterSet,
        LockedPagesReportFilterSet,
        WorkflowReportFilterSet,
        WorkflowTasksReportFilterSet,
    )
    for filterset in filtersets:
        for name, scoper in scopers.items():
            filter_ = filterset.base_filters.get(name)
            if filter_ is not None and not getattr(filter_, "_territory_scoped", False):
                filter_.queryset = _intersect(filter_.queryset, scoper)
                filter_._territory_scoped = True

    from wagtail.admin.views.generic.history import HistoryFilterSet

    unscoped_users = HistoryFilterSet.get_users_queryset
    if not getattr(unscoped_users, "_territory_scoped", False):

        def get_users_queryset(self):
            users = unscoped_users(self)
            if self.request is None:
                return users.none()
            return users.filter(pk__in=users_visible_to(self.request.user).values("pk"))

        get_users_queryset._territory_scoped = True
        HistoryFilterSet.get_users_queryset = get_users_queryset

    _scope_page_chooser_chosen_multiple()
    _scope_wagtail_localize()
    _scope_bulk_action_refusals()
    _scope_model_choice_fields()

    manager_class = type(ModelLogEntry.objects)
    unscoped = manager_class.viewable_by_user
    if getattr(unscoped, "_territory_scoped", False):
        return

    def viewable_by_user(self, user):
        entries = unscoped(self, user)
        if user.is_superuser:
            return entries
        from django.contrib.contenttypes.models import ContentType

        for model in SCOPED_MODELS:
            content_type = ContentType.objects.get_for_model(model)
            entries = entries.exclude(
                Q(content_type=content_type) & ~Q(object_id__in=scoped_object_ids(model, user))
            )
        return entries

    viewable_by_user._territory_scoped = True
    manager_class.viewable_by_user = viewable_by_user


def _scope_page_chooser_chosen_multiple() -> None:
    """The page chooser's "chosen multiple" step echoes title, parent and URL of any page id
    it is given; keep only the ids of the user's territories."""
    from wagtail.admin.views.chooser import ChosenMultipleView

    unscoped = ChosenMultipleView.get
    if getattr(unscoped, "_territory_scoped", False):
        return

    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        visible = scope_pages(Page.objects.filter(pk__in=ids), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return unscoped(self, request)

    get._territory_scoped = True
    ChosenMultipleView.get = get


def _scope_wagtail_localize() -> None:
    """wagtail-localize checks snippet translations (strings, PO files, machine translation,
    stop) against the model permission only; add the territory check."""
    from wagtail_localize.views import edit_translation, submit_translations

    unscoped = edit_translation.user_can_edit_instance
    if getattr(unscoped, "_territory_scoped", False):
        return

    def in_scope(user, instance) -> bool:
        field = next((f for m, f in SCOPED_MODELS.items() if isinstance(instance, m)), None)
        return field is None or instance_in_scope(instance, user, field)

    def user_can_edit_instance(user, instance):
        return in_scope(user, instance) and unscoped(user, instance)

    user_can_edit_instance._territory_scoped = True
    edit_translation.user_can_edit_instance = user_can_edit_instance

    view = submit_translations.SubmitSnippetTranslationView
    unscoped_get_object = view.get_object

    def get_object(self):
        instance = unscoped_get_object(self)
        if not in_scope(self.request.user, instance):
            raise Http404
        return instance

    view.get_object = get_object


def visible_to(instance, user) -> bool:
    """Whether the user may learn that ``instance`` exists (see its title): pages of their
    trees, media of collections they hold a permission on, rows of their territories."""
    from wagtail.models import Collection, CollectionMember

    if user.is_superuser:
        return True
    if isinstance(instance, Page):
        return page_in_scope(instance, user)
    if isinstance(instance, CollectionMember):
        territories = Territory.objects.filter(pk__in=territory_ids_for(user))
        roots = Collection.objects.filter(territory__in=territories)
        return any(instance.collection.path.startswith(root.path) for root in roots)
    field = next((f for m, f in SCOPED_MODELS.items() if isinstance(instance, m)), None)
    return field is None or instance_in_scope(instance, user, field)


def _scope_bulk_action_refusals() -> None:
    """Bulk action confirmation pages list the chosen items the user may not act on, by
    title. Items of other territories are dropped from that list, as if they did not exist."""
    from wagtail.admin.views.bulk_action import BulkAction

    unscoped = BulkAction.get_actionable_objects
    if getattr(unscoped, "_territory_scoped", False):
        return

    def get_actionable_objects(self):
        objects, context = unscoped(self)
        refused = context.get("items_with_no_access")
        if refused:
            user = self.request.user
            context = {
                **context,
                "items_with_no_access": [item for item in refused if visible_to(item, user)],
            }
        return objects, context

    get_actionable_objects._territory_scoped = True
    BulkAction.get_actionable_objects = get_actionable_objects


def scoped_choices(queryset, user):
    """The rows of ``queryset`` an admin user may pick in a form, or None when the model is
    not territory-bound (the queryset is then left alone)."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage

    model = queryset.model
    if issubclass(model, Page):
        return scope_pages(queryset, user)
    if issubclass(model, AbstractImage | AbstractDocument):
        policy = policy_registry.get_by_type(model)
        collections = policy.collections_user_has_any_permission_for(user, ["choose"])
        return queryset.filter(collection__in=collections)
    if model in SCOPED_MODELS:
        return scope_queryset(queryset, user, SCOPED_MODELS[model])
    return None


def _scope_model_choice_fields() -> None:
    """Every admin model form (pages, snippets, settings, inline panels) built for a user
    accepts, in its foreign-key fields, only pages, images, documents and territory-owned
    rows of that user's territories: another territory's id in a POST is a form error.
    The value already saved stays valid, so that an untouched field never blocks a save."""
    from wagtail.admin.forms import WagtailAdminModelForm

    unscoped_init = WagtailAdminModelForm.__init__
    if getattr(unscoped_init, "_territory_scoped", False):
        return

    def __init__(self, *args, **kwargs):
        unscoped_init(self, *args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser:
            return
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "model"):
                continue
            allowed = scoped_choices(queryset, user)
            if allowed is None:
                continue
            current = getattr(self.instance, f"{name}_id", None) if self.instance else None
            keep = Q(pk__in=allowed.values("pk"))
            if current is not None:
                keep |= Q(pk=current)
            field.queryset = queryset.filter(keep)

    __init__._territory_scoped = True
    WagtailAdminModelForm.__init__ = __init__
