"""Overrides of Wagtail internals (verified against Wagtail 8.0.1; see __init__.py).

Wagtail lists every Site, Workflow, Task or user of the platform in some filters, shows
every snippet row's log entries, echoes page titles in the page chooser's "chosen multiple"
step and in bulk-action refusals, and accepts any page, image or document id in admin form
foreign keys. Each override below closes one of those; docs/tenancy.md has the table.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from core.rich_text import check_rich_text

from ..choosing import may_choose, refuse_unchoosable, validate_rich_text
from ..membership import (
    choices_for,
    object_visible_to,
    scope_pages,
    sites_for,
    tags_visible_to,
    tasks_visible_to,
    users_visible_to,
    workflows_visible_to,
)
from ..tenancy import REGISTRY, is_territory_owned
from . import installed, override


def _scope_filters() -> None:
    """Filter querysets made request-aware: each pair below must exist."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet
    from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet
    from wagtail.admin.views.reports.workflows import (
        WorkflowReportFilterSet,
        WorkflowTasksReportFilterSet,
    )
    from wagtail.contrib.forms.views import FormPageFilterSet

    scopers = {
        "site": sites_for,
        "owner": users_visible_to,
        "edited_by": users_visible_to,
        "locked_by": users_visible_to,
        "requested_by": users_visible_to,
        "workflow": workflows_visible_to,
        "task": tasks_visible_to,
    }
    expected = {
        PageFilterSet: ("site", "owner", "edited_by"),
        GenericPageFilterSet: ("site", "owner", "edited_by"),
        FormPageFilterSet: ("site", "owner", "edited_by"),
        LockedPagesReportFilterSet: ("locked_by",),
        WorkflowReportFilterSet: ("requested_by", "workflow"),
        WorkflowTasksReportFilterSet: ("workflow", "task"),
    }
    for filterset, names in expected.items():
        for name in names:
            filter_ = filterset.base_filters.get(name)
            if filter_ is None or not hasattr(filter_, "queryset"):
                raise ImproperlyConfigured(
                    f"Territoria override target {filterset.__name__}.{name} does not exist."
                )
            if (filterset, name) in installed:
                continue
            installed[(filterset, name)] = filter_.queryset
            filter_.queryset = _intersect(filter_.queryset, scopers[name])


def _intersect(original, scoper):
    def queryset(request):
        base = original(request) if callable(original) else original.all()
        if request is None:
            return base.none()
        return base.filter(pk__in=scoper(request.user).values("pk"))

    return queryset


def _scope_chosen_values() -> None:
    """Ids posted in StreamField chooser blocks and rich text are checked when the form is
    cleaned (the preview views clean the same form, so nothing is previewed either); a
    chooser widget or a rich-text entity never renders an object the user may not choose,
    even when a refused id is echoed back in an invalid form (territories/choosing.py)."""
    from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.blocks import ChooserBlock, RichTextBlock
    from wagtail.documents.rich_text.contentstate import DocumentLinkElementHandler
    from wagtail.images.rich_text.contentstate import ImageElementHandler
    from wagtail.models import Page

    @override(BaseChooser, "get_instance", ["self", "value"])
    def get_instance(original, self, value):
        try:
            instance = original(value)
        except (TypeError, ValueError):  # a posted id that is not one ("abc"): nothing chosen
            return None
        return instance if may_choose(instance) else None

    @override(ChooserBlock, "clean", ["self", "value"])
    def clean_chooser(original, self, value):
        cleaned = original(value)
        refuse_unchoosable(cleaned)
        return cleaned

    @override(RichTextBlock, "clean", ["self", "value"])
    def clean_rich_text(original, self, value):
        # A document the editor's widget refused (core/rich_text.py): the block's error.
        check_rich_text(getattr(value, "source", None))
        cleaned = original(value)
        validate_rich_text(cleaned.source)
        return cleaned

    # The editor rebuilds each entity from the database: a refused id shows as a broken link.
    @override(PageLinkElementHandler, "get_attribute_data", ["self", "attrs"])
    def page_link_data(original, self, attrs):
        try:
            data = original(attrs)
        except (KeyError, ValueError, TypeError):  # a stored link with a malformed id
            return {"id": None, "url": None, "parentId": None}
        if data.get("url") is not None and not may_choose(Page.objects.get(pk=data["id"])):
            return {"id": data["id"], "url": None, "parentId": None}
        return data

    @override(DocumentLinkElementHandler, "get_attribute_data", ["self", "attrs"])
    def document_link_data(original, self, attrs):
        from wagtail.documents import get_document_model

        data = original(attrs)
        if "url" in data and not may_choose(get_document_model().objects.get(pk=data["id"])):
            return {"id": data["id"]}
        return data

    @override(
        ImageElementHandler, "create_entity", ["self", "name", "attrs", "state", "contentstate"]
    )
    def image_entity(original, self, name, attrs, state, contentstate):
        from wagtail.images import get_image_model

        entity = original(name, attrs, state, contentstate)
        image = get_image_model().objects.filter(pk=entity.data.get("id")).first()
        if image is not None and not may_choose(image):
            entity.data = {**entity.data, "src": "", "alt": ""}
        return entity


def _close_side_doors() -> None:
    """Admin views that name a page, task or tag of another territory before (or without)
    checking any permission: a flash message, a confirm page, a chooser, an autocomplete."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404, JsonResponse
    from wagtail.admin.views import tags, workflows
    from wagtail.admin.views.generic import workflow
    from wagtail.admin.views.generic.base import BaseObjectMixin
    from wagtail.admin.views.pages.move import MoveConfirmView
    from wagtail.models import Page, Task
    from wagtail.permissions import policy_registry

    @override(BaseObjectMixin, "setup", ["self", "request", "args", "kwargs"])
    def setup(original, self, request, *args, **kwargs):
        """Generic object views (workflow action, cancellation confirm, task preview, usage,
        history, lock…) load any object by id and some name it before their permission
        check, in a flash message or a confirm page: another territory's object is a 404."""
        original(request, *args, **kwargs)
        if not object_visible_to(self.object, request.user):
            raise Http404

    @override(workflow.PreviewRevisionForTask, "get_task", ["self"])
    def get_task(original, self):
        """The task's name is in the "not awaiting moderation" message."""
        task = original()
        if not tasks_visible_to(self.request.user).filter(pk=task.pk).exists():
            raise Http404
        return task

    @override(
        MoveConfirmView,
        "dispatch",
        ["self", "request", "page_to_move_id", "destination_id", "args", "kwargs"],
    )
    def move_confirm(original, self, request, page_to_move_id, destination_id, *args, **kwargs):
        """The confirm page names both pages and, before any permission check, says whether
        the page's slug is taken under the destination (an oracle on another tree)."""
        both = Page.objects.filter(pk__in=[page_to_move_id, destination_id])
        found = {page.pk: page for page in scope_pages(both, request.user)}
        if page_to_move_id not in found or destination_id not in found:
            raise Http404
        if (
            not found[page_to_move_id]
            .permissions_for_user(request.user)
            .can_move_to(found[destination_id])
        ):
            raise PermissionDenied
        return original(request, page_to_move_id, destination_id, *args, **kwargs)

    def may_manage_tasks(user) -> bool:
        policy = policy_registry.get_by_type(Task)
        return policy.user_has_any_permission(user, ["add", "change", "delete"])

    @override(workflows.BaseTaskChooserView, "dispatch", ["self", "request"])
    def task_chooser(original, self, request):
        """Lists every task of the platform (each territory's moderation step, by name):
        for those who manage workflows, as the workflow screens are."""
        if not may_manage_tasks(request.user):
            raise PermissionDenied
        return original(request)

    @override(workflows, "task_chosen", ["request", "task_id"])
    def task_chosen(original, request, task_id):
        if not may_manage_tasks(request.user):
            raise PermissionDenied
        return original(request, task_id)

    @override(tags, "autocomplete", ["request", "app_name", "model_name"])
    def autocomplete(original, request, app_name=None, model_name=None):
        """Suggests the tags of the user's own territories' images and documents only."""
        if request.user.is_superuser:
            return original(request, app_name, model_name)
        term = request.GET.get("term")
        if app_name or model_name or not term:  # no custom tag model holds territory content
            return JsonResponse([], safe=False)
        names = (
            tags_visible_to(request.user)
            .filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[: tags.TAGS_AUTOCOMPLETE_LIMIT]
        )
        return JsonResponse(list(names), safe=False)


def install() -> None:
    from wagtail.admin.forms import WagtailAdminModelForm
    from wagtail.admin.views.bulk_action import BulkAction
    from wagtail.admin.views.chooser import ChosenMultipleView
    from wagtail.admin.views.generic.history import HistoryFilterSet
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
    from wagtail.fields import RichTextField
    from wagtail.models import ModelLogEntry, Page

    from ..permissions import SuperuserOnlyPermissionPolicy

    _scope_filters()
    _scope_chosen_values()
    _close_side_doors()

    @override(HistoryFilterSet, "get_users_queryset", ["self"])
    def get_users_queryset(original, self):
        """The history's user filter: members of the user's territories only."""
        users = original()
        if self.request is None:
            return users.none()
        return users.filter(pk__in=users_visible_to(self.request.user).values("pk"))

    @override(type(ModelLogEntry.objects), "viewable_by_user", ["self", "user"])
    def viewable_by_user(original, self, user):
        """The audit log hides entries of other territories' rows."""
        entries = original(user)
        if user.is_superuser:
            return entries
        for model in REGISTRY:
            visible = (
                model._default_manager.all()
                .annotate(_text_pk=Cast("pk", CharField()))
                .values("_text_pk")
            )
            entries = entries.exclude(
                Q(content_type=ContentType.objects.get_for_model(model)) & ~Q(object_id__in=visible)
            )
        return entries

    @override(ChosenMultipleView, "get", ["self", "request"])
    def get(original, self, request):
        """The page chooser's "chosen multiple" step echoes title, parent and URL of any page
        id it is given: keep only the ids of the user's territories."""
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        visible = scope_pages(Page.objects.filter(pk__in=ids), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return original(request)

    @override(BulkAction, "get_actionable_objects", ["self"])
    def get_actionable_objects(original, self):
        """Bulk action confirmations list the items the user may not act on, by title:
        other territories' items are dropped from that list, as if they did not exist."""
        objects, context = original()
        refused = context.get("items_with_no_access")
        if refused:
            user = self.request.user
            context = {
                **context,
                "items_with_no_access": [i for i in refused if object_visible_to(i, user)],
            }
        return objects, context

    @override(WagtailAdminModelForm, "__init__", ["self", "args", "kwargs"])
    def __init__(original, self, *args, **kwargs):
        """Every admin model form built for a user (pages, snippets, settings, inline panels)
        accepts in its foreign keys only pages, images, documents, territories and
        territory-owned rows the user may reach; another territory's id is "Select a valid
        choice". The value already saved stays valid, so an untouched field never blocks."""
        original(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or user.is_superuser:
            return
        model_fields = {f.name: f for f in self._meta.model._meta.get_fields()}
        for name, field in self.fields.items():
            if isinstance(model_fields.get(name), RichTextField):
                field.validators.append(validate_rich_text)
                continue
            queryset = getattr(field, "queryset", None)
            if queryset is None or not hasattr(queryset, "model"):
                continue
            allowed = choices_for(queryset, user)
            if allowed is None:
                continue
            current = getattr(self.instance, f"{name}_id", None) if self.instance else None
            keep = Q(pk__in=allowed.values("pk"))
            if current is not None:
                keep |= Q(pk=current)
            model = queryset.model
            # Territory-owned: the base manager, since the kept value is filtered explicitly.
            manager = model._base_manager if is_territory_owned(model) else model._default_manager
            field.queryset = manager.filter(keep)

    # Counts every page type platform-wide and names the last edited page of each.
    if not hasattr(PageTypesUsageReportView, "permission_policy"):
        raise ImproperlyConfigured(
            "Territoria override target PageTypesUsageReportView.permission_policy does not exist."
        )
    PageTypesUsageReportView.permission_policy = SuperuserOnlyPermissionPolicy(Page)
