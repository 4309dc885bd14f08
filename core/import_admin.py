"""The admin side of a file import (``core.imports``): past imports, the upload form, an
import's page (progress, counts, notes, rejected rows), its progress as JSON and its report as
CSV, under one viewset. An import app subclasses the form and the views it words its own way
and names them on its viewset::

    class GadgetImportViewSet(TerritoryOwnedViewSetMixin, ImportViewSet):
        model = GadgetImport
        menu_label = _("Gadget imports")
        create_view_class = GadgetImportCreateView
        ...

The viewset goes behind ``territories.viewsets.TerritoryOwnedViewSetMixin`` (core cannot
import it): every view then keeps the rows where the user holds the view's permission, and
another territory's import is a 404. The territories offered by the upload form are those
where the user may add imports (the model's permission policy), read through the model's
``territory`` foreign key.
"""

import csv
import io

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from .imports import ImportFileError, csv_cell, size_error

REPORT_ON_PAGE = 500  # rows shown on the detail page; the CSV has them all


class ImportUploadForm(forms.Form):
    """The territory (hidden when the user has one) and the file, checked whole by
    ``check_file`` before anything is recorded. Subclasses declare ``file`` with their
    label and help text, and set ``max_file_bytes`` and ``file_accept``."""

    territory = forms.ModelChoiceField(label=_("Territory"), queryset=None)
    file = forms.FileField()
    file_accept = ""

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.only_territory = territories[0] if len(territories) == 1 else None
        if self.only_territory is not None:
            self.fields["territory"].required = False
            self.fields["territory"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs["accept"] = self.file_accept

    @staticmethod
    def max_file_bytes() -> int:
        raise NotImplementedError

    def check_file(self, upload) -> None:
        """Raise ``ImportFileError`` when the file as a whole cannot be imported."""
        raise NotImplementedError

    def clean_territory(self):
        return self.cleaned_data.get("territory") or self.only_territory

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = self.max_file_bytes()
        if upload.size > limit:
            raise forms.ValidationError(size_error(upload.size, limit))
        try:
            self.check_file(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


class _ImportViewMixin:
    """What the viewset tells each view: its labels and URL names."""

    index_label = None  # "Gadget imports": the menu's, the listing's, the breadcrumbs'
    index_url_name = None
    detail_url_name = None
    progress_url_name = None
    report_url_name = None

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportIndexView(generic.IndexView):
    default_ordering = "-created_at"
    header_icon = "upload"
    paginate_by = 30
    detail_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("created_by", "territory")

    def get_edit_url(self, instance):
        return reverse(self.detail_url_name, args=[instance.pk])

    @property
    def columns(self):
        return [
            TitleColumn("file_name", label=_("File"), get_url=self.get_edit_url),
            Column("territory", label=_("Territory")),
            Column("get_status_display", label=_("Status")),
            Column("total", label=_("Rows")),
            Column("created", label=_("Created")),
            Column("updated", label=_("Updated")),
            Column("rejected", label=_("Rejected")),
            Column("created_by", label=_("Imported by")),
            DateColumn("created_at", label=_("Uploaded"), sort_key="created_at"),
        ]


class ImportCreateView(
    _ImportViewMixin, WagtailAdminTemplateMixin, PermissionCheckedMixin, FormView
):
    """The upload form; a valid file is recorded and queued (``create_import``), then the
    import's page shows its progress. An invalid one is the form again, status 400. The
    template has ``max_rows`` and ``max_bytes`` for its help."""

    model = None
    permission_required = "add"
    header_icon = "upload"

    @staticmethod
    def create_import(*, territory, user, file, **extra):
        """The app's ``…_import_create``: records the upload and queues its run."""
        raise NotImplementedError

    @staticmethod
    def max_rows() -> int:
        raise NotImplementedError

    def extra_create_kwargs(self, form) -> dict:
        """What the app's form adds to ``create_import`` (a photos zip, "check only")."""
        return {}

    def get_territories(self):
        policy = policy_registry.get_by_type(self.model)
        ids = policy.territory_ids_for(self.request.user, ["add"])
        territory_model = self.model._meta.get_field("territory").related_model
        territories = territory_model._default_manager.active().order_by("name")
        if ids is not None:
            territories = territories.filter(pk__in=ids)
        return territories

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "territories": self.get_territories()}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "max_rows": self.max_rows(),
            "max_bytes": self.form_class.max_file_bytes(),
        }

    def form_valid(self, form):
        record = self.create_import(
            territory=form.cleaned_data["territory"],
            user=self.request.user,
            file=form.cleaned_data["file"],
            **self.extra_create_kwargs(form),
        )
        messages.success(self.request, _("Import queued: its progress is below."))
        return redirect(self.detail_url_name, record.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class _ImportObjectMixin(BaseObjectMixin, PermissionCheckedMixin):
    model = None
    permission_required = "view"


class ImportDetailView(
    _ImportViewMixin, _ImportObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Progress (polled from ``progress/`` until finished), counts, notes, the first
    ``REPORT_ON_PAGE`` rows with errors; the template extends
    ``core/admin/import_detail.html``."""

    header_icon = "upload"

    def get_page_title(self):
        return str(self.object)

    def problems_count(self, problems) -> int:
        """How many rows have errors (the report may list fewer)."""
        return len(problems)

    def get_context_data(self, **kwargs):
        problems = [entry for entry in self.object.report or [] if entry.get("errors")]
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "problems": problems[:REPORT_ON_PAGE],
            "more_problems": max(self.problems_count(problems) - REPORT_ON_PAGE, 0),
            "progress_url": reverse(self.progress_url_name, args=[self.object.pk]),
            "report_url": reverse(self.report_url_name, args=[self.object.pk]),
        }


class ImportProgressView(_ImportObjectMixin, View):
    counters = ("created", "updated", "unchanged", "rejected")

    def get(self, request, *args, **kwargs):
        item = self.object
        return JsonResponse(
            {
                "status": item.status,
                "status_label": str(item.get_status_display()),
                "finished": item.finished,
                "percent": item.percent,
                "processed": item.processed,
                "total": item.total,
                **{name: getattr(item, name) for name in self.counters},
            }
        )


class ImportReportView(_ImportObjectMixin, View):
    """The report as CSV (with a BOM, for spreadsheets), formulas neutralised."""

    report_filename = "import-{pk}-report.csv"

    def report_rows(self, item):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in self.report_rows(self.object):
            writer.writerow([csv_cell(value) for value in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        filename = self.report_filename.format(pk=self.object.pk)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportMenuItem(MenuItem):
    """Shown to those who may add or view the viewset's imports."""

    import_model = None

    def is_shown(self, request):
        policy = policy_registry.get_by_type(self.import_model)
        return policy.user_has_any_permission(request.user, ["add", "view"])


class ImportViewSet(ViewSet):
    """``""`` (index), ``results/``, ``new/``, ``<pk>/``, ``<pk>/progress/``,
    ``<pk>/report.csv``."""

    icon = "upload"
    add_to_admin_menu = True
    index_view_class = ImportIndexView
    create_view_class = ImportCreateView
    detail_view_class = ImportDetailView
    progress_view_class = ImportProgressView
    report_view_class = ImportReportView

    @property
    def menu_item_class(self):
        return type(
            f"{self.model.__name__}MenuItem", (ImportMenuItem,), {"import_model": self.model}
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            model=self.model,
            index_label=self.menu_label,
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            add_url_name=self.get_url_name("add"),
            detail_url_name=self.get_url_name("detail"),
            progress_url_name=self.get_url_name("progress"),
            report_url_name=self.get_url_name("report"),
            **kwargs,
        )

    def get_urlpatterns(self):
        index = self.index_view_class
        return [
            path("", self.construct_view(index, page_title=self.menu_label), name="index"),
            path(
                "results/",
                self.construct_view(index, page_title=self.menu_label, results_only=True),
                name="index_results",
            ),
            path("new/", self.construct_view(self.create_view_class), name="add"),
            path("<int:pk>/", self.construct_view(self.detail_view_class), name="detail"),
            path(
                "<int:pk>/progress/",
                self.construct_view(self.progress_view_class),
                name="progress",
            ),
            path("<int:pk>/report.csv", self.construct_view(self.report_view_class), name="report"),
        ]
