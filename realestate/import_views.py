"""Offer imports in the admin: past imports, the upload form (with "check only"), an import's
progress and report, its report as CSV, on core.import_admin (as attractiveness' company
imports). For the territory's Editors and Moderators (the roles that edit offers); another
territory's import is a 404 (TerritoryOwnedViewSetMixin)."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core import import_admin
from territories.viewsets import TerritoryOwnedViewSetMixin

from . import imports
from .models import OfferImport


class OfferImportForm(import_admin.ImportUploadForm):
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
    file_accept = ".csv,.json,text/csv,application/json"
    max_file_bytes = staticmethod(imports.max_file_bytes)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["accept"] = ".zip,application/zip"

    def check_file(self, upload):
        self.parsed = imports.parse_file(upload.read(), name=upload.name)

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


class OfferImportCreateView(import_admin.ImportCreateView):
    template_name = "realestate/admin/offer_import_form.html"
    form_class = OfferImportForm
    page_title = _("Import offers")

    create_import = staticmethod(imports.offer_import_create)
    max_rows = staticmethod(imports.max_rows)

    def extra_create_kwargs(self, form):
        return {"photos": form.cleaned_data.get("photos"), "dry_run": form.cleaned_data["dry_run"]}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "columns": imports.COLUMN_FIELDS}


class OfferImportDetailView(import_admin.ImportDetailView):
    template_name = "realestate/admin/offer_import_detail.html"

    def get_context_data(self, **kwargs):
        drafts = sum(1 for entry in self.object.report or [] if entry.get("draft"))
        return {**super().get_context_data(**kwargs), "drafts": drafts}


class OfferImportProgressView(import_admin.ImportProgressView):
    counters = imports.COUNTERS


class OfferImportReportView(import_admin.ImportReportView):
    report_filename = "import-{pk}-report.csv"

    def report_rows(self, item):
        return imports.report_rows(item)


class OfferImportViewSet(TerritoryOwnedViewSetMixin, import_admin.ImportViewSet):
    model = OfferImport
    menu_label = _("Offer imports")
    menu_order = 251  # just below Offers
    create_view_class = OfferImportCreateView
    detail_view_class = OfferImportDetailView
    progress_view_class = OfferImportProgressView
    report_view_class = OfferImportReportView
