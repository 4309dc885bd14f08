from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .reports import EasyReadReportMenuItem, EasyReadReportView
from .viewsets import SearchPromotionViewSet

register_snippet(SearchPromotionViewSet)


@hooks.register("register_reports_menu_item")
def register_easy_read_report_menu_item():
    return EasyReadReportMenuItem(
        _("Pages without an easy-to-read summary"),
        reverse("easy_read_report"),
        name="easy-read",
        icon_name="doc-full",
        order=1150,
    )


@hooks.register("register_admin_urls")
def register_easy_read_report_urls():
    return [
        path("reports/easy-read/", EasyReadReportView.as_view(), name="easy_read_report"),
        path(
            "reports/easy-read/results/",
            EasyReadReportView.as_view(results_only=True),
            name="easy_read_report_results",
        ),
    ]
