"""Offer imports in the admin: past imports, the upload form (with "check only"), an import's
progress and report, its report as CSV. For the territory's Editors and Moderators (the
roles that edit offers); another territory's import is a 404 (TerritoryOwnedViewSetMixin)."""

import csv
import io

from django import forms
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
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

from territories.models import Territory
from territories.viewsets import TerritoryOwnedViewSetMixin

from . import imports
from .exports import _cell
from .models import OfferImport

REPORT_ON_PAGE = 500  # rows shown on the detail page; the CSV has them all


class OfferImportForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    file = forms.FileField(
        label=_("Offers file"),
        help_text=_("CSV or JSON, with the columns of the open-data export."),
    )
    photos = forms.FileField(
        label=_("Photos (zip)"),
        required=False,
        help_text=_("The photos named in the “photos” column, at the top of a zip."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only"),
        required=False,
        help_text=_("Validate every row and show the report, without changing any offer."),
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.only_territory = territories[0] if len(territories) == 1 else None
        if self.only_territory is not None:
            self.fields["territory"].required = False
            self.fields["territory"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs["accept"] = ".csv,.json,text/csv,application/json"
        self.fields["photos"].widget.attrs["accept"] = ".zip,application/zip"

    def clean_territory(self):
        return self.cleaned_data.get("territory") or self.only_territory

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = imports.max_file_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s per import: split it.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
            )
        try:
            self.parsed = imports.parse_file(upload.read(), name=upload.name)
        except imports.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        if not upload:
            return None
        limit = settings.TERRITORIA_OFFER_IMPORT_MAX_ZIP_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The zip is %(size)s; at most %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)}
            )
        from .import_photos import ArchiveError, PhotoArchive

        try:
            PhotoArchive(upload)
        except ArchiveError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


class OfferImportIndexView(generic.IndexView):
    model = OfferImport
    default_ordering = "-created_at"
    page_title = _("Offer imports")
    header_icon = "upload"
    paginate_by = 30

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("created_by", "territory")

    def get_edit_url(self, instance):
        return reverse("offer_imports:detail", args=[instance.pk])

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


class OfferImportCreateView(WagtailAdminTemplateMixin, PermissionCheckedMixin, FormView):
    model = OfferImport
    permission_required = "add"
    template_name = "realestate/admin/offer_import_form.html"
    form_class = OfferImportForm
    page_title = _("Import offers")
    header_icon = "upload"

    def get_form_kwargs(self):
        policy = policy_registry.get_by_type(OfferImport)
        ids = policy.territory_ids_for(self.request.user, ["add"])
        territories = Territory.objects.active().order_by("name")
        if ids is not None:
            territories = territories.filter(pk__in=ids)
        return {**super().get_form_kwargs(), "territories": territories}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("offer_imports:index"), "label": _("Offer imports")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        offer_import = imports.offer_import_create(
            territory=form.cleaned_data["territory"],
            user=self.request.user,
            file=form.cleaned_data["file"],
            photos=form.cleaned_data.get("photos"),
            dry_run=form.cleaned_data["dry_run"],
        )
        messages.success(self.request, _("Import queued: its progress is below."))
        return redirect("offer_imports:detail", offer_import.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "columns": imports.COLUMN_FIELDS,
            "max_rows": imports.max_rows(),
            "max_bytes": imports.max_file_bytes(),
        }


class _ImportObjectMixin(BaseObjectMixin, PermissionCheckedMixin):
    model = OfferImport
    permission_required = "view"


class OfferImportDetailView(_ImportObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "realestate/admin/offer_import_detail.html"
    header_icon = "upload"

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("offer_imports:index"), "label": _("Offer imports")},
            {"url": "", "label": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        report = self.object.report or []
        problems = [entry for entry in report if entry.get("errors")]
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "problems": problems[:REPORT_ON_PAGE],
            "more_problems": max(len(problems) - REPORT_ON_PAGE, 0),
            "drafts": sum(1 for entry in report if entry.get("draft")),
            "progress_url": reverse("offer_imports:progress", args=[self.object.pk]),
            "report_url": reverse("offer_imports:report", args=[self.object.pk]),
        }


class OfferImportProgressView(_ImportObjectMixin, View):
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
                **{name: getattr(item, name) for name in imports.COUNTERS},
            }
        )


class OfferImportReportView(_ImportObjectMixin, View):
    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in imports.report_rows(self.object):
            writer.writerow([_cell(value) for value in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="import-{self.object.pk}-report.csv"'
        )
        return response


class OfferImportMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(OfferImport)
        return policy.user_has_any_permission(request.user, ["add", "view"])


class OfferImportViewSet(TerritoryOwnedViewSetMixin, ViewSet):
    model = OfferImport
    icon = "upload"
    menu_label = _("Offer imports")
    menu_order = 251  # just below Offers
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return OfferImportMenuItem

    def get_urlpatterns(self):
        index = self.construct_view(
            OfferImportIndexView,
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            add_url_name=self.get_url_name("add"),
        )
        index_results = self.construct_view(
            OfferImportIndexView,
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            add_url_name=self.get_url_name("add"),
            results_only=True,
        )
        return [
            path("", index, name="index"),
            path("results/", index_results, name="index_results"),
            path("new/", self.construct_view(OfferImportCreateView), name="add"),
            path("<int:pk>/", self.construct_view(OfferImportDetailView), name="detail"),
            path(
                "<int:pk>/progress/",
                self.construct_view(OfferImportProgressView),
                name="progress",
            ),
            path("<int:pk>/report.csv", self.construct_view(OfferImportReportView), name="report"),
        ]
