"""Admin reports of the site layer (registered in home/wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import PageReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from .selectors import pages_without_easy_read

EDIT_PERMISSIONS = ["add", "change", "publish"]


class EasyReadReportView(PageReportView):
    """Live pages of the user's territories without an easy-to-read summary (FALC)."""

    page_title = _("Pages without an easy-to-read summary")
    header_icon = "doc-full"
    index_url_name = "easy_read_report"
    index_results_url_name = "easy_read_report_results"
    any_permission_required = EDIT_PERMISSIONS
    permission_policy = PagePermissionPolicy()

    def get_queryset(self):
        self.queryset = (
            pages_without_easy_read(self.request.user)
            .select_related("content_type", "locale")
            .prefetch_workflow_states()
        )
        return super().get_queryset()


class EasyReadReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, EDIT_PERMISSIONS)
