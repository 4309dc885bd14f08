"""Admin views for tenancy: the superuser's Territory screens, and scoped replacements for
the few Wagtail/wagtail-localize views that list objects without asking for permissions."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.tables import StatusFlagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetViewSet

from .forms import TerritoryProvisionForm
from .models import Territory
from .services import territory_archive, territory_provision, territory_restore
from .tenancy import REGISTRY, is_territory_owned

ANY_MEDIA_ACTION = ["add", "change", "choose", "delete"]

# --- Scoped replacements ------------------------------------------------------------------


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        collections = policy_registry.get_by_type(
            get_image_model()
        ).collections_user_has_any_permission_for(self.request.user, ANY_MEDIA_ACTION)
        return super().get_queryset().filter(collection__in=collections)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        collections = policy_registry.get_by_type(
            get_document_model()
        ).collections_user_has_any_permission_for(self.request.user, ANY_MEDIA_ACTION)
        return super().get_queryset().filter(collection__in=collections)


class ScopedLocalizeSnippetAPIViewSet(LocalizeSnippetViewSet):
    """wagtail-localize's snippet API, limited to models the user may work on and, for
    territory-owned models, to the user's territories."""

    def get_queryset(self):
        model = self.get_model()
        policy = policy_registry.get_by_type(model)
        if not policy.user_has_any_permission(
            self.request.user, ["add", "change", "delete", "view"]
        ):
            raise PermissionDenied
        queryset = super().get_queryset()
        if is_territory_owned(model):
            allowed = policy.instances_user_has_any_permission_for(
                self.request.user, ["add", "change", "delete", "view"]
            )
            queryset = queryset.filter(pk__in=allowed.values("pk"))
        return queryset


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Bulk delete for territory-owned snippets: ids of other territories' rows are
    ignored, as if they did not exist (404 when none is left)."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if model in REGISTRY]

    def _scoped(self, queryset):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_permission_for(self.request.user, "delete")
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_queryset(self, model, object_ids):  # shadows the classmethod on purpose
        objects = list(self._scoped(model._default_manager.filter(pk__in=object_ids)))
        if not objects:
            raise Http404
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        return self._scoped(self.model._default_manager.all()).values_list("pk", flat=True)


# --- Territories (superusers) ---------------------------------------------------------------


class TerritoryCreateView(generic.CreateView):
    """Provisions a whole territory (Site, tree, collection, groups, workflow) in one go."""

    form_class = TerritoryProvisionForm
    page_title = gettext_lazy("Create territory")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        kwargs.pop("for_user", None)
        return kwargs

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = territory_provision(**form.provision_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Territory “%(name)s” created.") % {"name": self.object.name}
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.index_url_name)


class TerritoryIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = [button for button in super().get_list_more_buttons(instance)]
        action = "restore" if instance.is_archived else "archive"
        label = _("Restore") if instance.is_archived else _("Archive")
        buttons.append(
            ListingButton(
                label,
                url=reverse(f"territories:{action}", args=[instance.pk]),
                icon_name="undo" if instance.is_archived else "lock",
                priority=40,
            )
        )
        return buttons


def _archive_or_restore(service, done_message):
    @require_POST
    def view(request, pk):
        if not request.user.is_superuser:
            raise PermissionDenied
        territory = get_object_or_404(Territory, pk=unquote(str(pk)))
        service(territory=territory)
        messages.success(request, done_message % {"name": territory.name})
        return redirect("territories:index")

    return require_admin_access(view)


archive_view = _archive_or_restore(territory_archive, gettext_lazy("“%(name)s” archived."))
restore_view = _archive_or_restore(territory_restore, gettext_lazy("“%(name)s” restored."))


class TerritoryViewSet(ModelViewSet):
    """Superusers only (``SuperuserOnlyPermissionPolicy``): list, create (provisioning),
    edit, archive and restore. Territories are never deleted."""

    model = Territory
    icon = "site"
    menu_label = gettext_lazy("Territories")
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = TerritoryCreateView
    index_view_class = TerritoryIndexView
    list_display = [
        "name",
        "site",
        "region",
        StatusFlagColumn(
            "is_archived",
            label=gettext_lazy("Status"),
            true_label=gettext_lazy("archived"),
            false_label=gettext_lazy("online"),
            sort_key="is_archived",
        ),
        "created_at",
    ]
    list_filter = ["is_archived", "region"]
    search_fields = ["name", "slug"]
    form_fields = ["name", "official_code", "region", "contact_email", "sender_email"]

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "delete"]
        return [
            *patterns,
            path("<int:pk>/archive/", archive_view, name="archive"),
            path("<int:pk>/restore/", restore_view, name="restore"),
        ]

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            **{"form_class": TerritoryProvisionForm, "panel": None, **kwargs}
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"delete_url_name": None, **kwargs})
