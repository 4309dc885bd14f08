"""Admin registration for tenancy: the superuser's Territory screens and the hooks that keep
each territory's editors inside their own territory (see docs/tenancy.md)."""

from django.http import Http404
from django.urls import path
from wagtail import hooks
from wagtail.models import Page

from .admin_views import (
    ScopedDeleteBulkAction,
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
    ScopedLocalizeSnippetAPIViewSet,
    TerritoryViewSet,
)
from .membership import page_in_scope, scope_pages
from .selectors import territory_for_collection


@hooks.register("register_admin_viewset")
def register_territory_viewset():
    return TerritoryViewSet("territories")


# --- Pages -------------------------------------------------------------------------------


def _outside(page, user) -> bool:
    return page.depth > 1 and not page_in_scope(page, user)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    """The explorer (and its sidebar API) never opens another territory's page."""
    if _outside(parent_page, request.user):
        raise Http404
    return scope_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    """Browsing and searching the page chooser only reach the user's territories."""
    match = request.resolver_match
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id is not None:
        parent = Page.objects.filter(pk=parent_id).first()
        if parent is None or _outside(parent, request.user):
            raise Http404
    return scope_pages(pages, request.user)


# --- Images, documents, snippets through side doors -----------------------------------------


@hooks.register("before_serve_document", order=-100)
def serve_documents_on_their_own_host(document, request):
    """/documents/<id>/<name> answers only on the host of the territory whose collection
    holds the document (the platform host: platform collections only). Before Wagtail's
    privacy check, so that another territory's password form is never shown either. A
    superuser is nobody special here: the admin has its own views."""
    owner = territory_for_collection(document.collection)
    here = getattr(request, "territory", None)
    if getattr(owner, "pk", None) != getattr(here, "pk", None):
        raise Http404


@hooks.register("construct_admin_api", order=10)
def scope_admin_api(router):
    """Wagtail's admin API lists every image and document; ours respects collections."""
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


@hooks.register("register_admin_urls", order=-10)
def shadow_unscoped_urls():
    """wagtail-localize's snippet API lists any snippet model without a permission check.
    Registered before wagtail-localize, this view answers the same URLs, scoped."""
    return [
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
            ScopedLocalizeSnippetAPIViewSet.as_view({"get": "list"}),
        ),
        path(
            "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
            ScopedLocalizeSnippetAPIViewSet.as_view({"get": "retrieve"}),
        ),
    ]


# Replaces Wagtail's snippet bulk delete for territory-owned models (registered after it).
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=10)


# --- Reports ------------------------------------------------------------------------------


@hooks.register("construct_reports_menu")
def hide_platform_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


# --- Dashboard: the site summary counts the user's territories only ---------------------

from .dashboard import scope_summary_items  # noqa: E402

# After Wagtail's own hooks have added their items (theirs are registered with order 0).
hooks.register("construct_homepage_summary_items", scope_summary_items, order=100)
