"""The company directory in the admin: companies and NAF mappings (snippets), and company
imports (upload, progress, report) on core.import_admin, as realestate's offer imports. For
the territory's Editors and Moderators (attractiveness/apps.py); another territory's row is a 404
(TerritoryOwnedViewSetMixin)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.models import Page
from wagtail.snippets.views.snippets import SnippetViewSet

from core import import_admin
from territories.viewsets import TerritoryOwnedViewSetMixin

from . import company_imports
from .companies import Company, CompanyImport, NafMapping


def territory_ecosystems(territory):
    """The filière pages of ``territory`` (every language of its tree)."""
    from .models import EcosystemPage

    if territory is None:
        return EcosystemPage.objects.none()
    paths = Page.objects.filter(
        translation_key=territory.site.root_page.translation_key
    ).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for root in paths:
        condition |= Q(path__startswith=root)
    return EcosystemPage.objects.filter(condition)


class _TerritoryPagesForm(WagtailAdminModelForm):
    """Filières and logos must be the row's own territory's, whatever territories the user
    belongs to (a member of A and B cannot tie A's company to B's filière)."""

    def _territory(self):
        territory = self.cleaned_data.get("territory") if "territory" in self.fields else None
        if territory is None and self.instance.territory_id:
            territory = self.instance.territory
        allowed = getattr(self, "_allowed_territories", None)
        if territory is None and allowed is not None and len(allowed) == 1:
            territory = allowed[0]
        return territory


class CompanyAdminForm(_TerritoryPagesForm):
    def clean(self):
        cleaned = super().clean()
        territory = self._territory()
        if territory is None:
            return cleaned
        filieres = cleaned.get("filieres")
        if filieres:
            own = set(territory_ecosystems(territory).values_list("pk", flat=True))
            if any(page.pk not in own for page in filieres):
                self.add_error("filieres", _("Choose filières of the company's territory."))
        logo = cleaned.get("logo")
        if logo is not None:
            collection = territory.collection
            if not (
                logo.collection_id == collection.pk
                or logo.collection.path.startswith(collection.path)
            ):
                self.add_error("logo", _("Choose an image of the company's territory."))
        return cleaned


class NafMappingAdminForm(_TerritoryPagesForm):
    def clean(self):
        cleaned = super().clean()
        territory = self._territory()
        ecosystem = cleaned.get("ecosystem")
        if (
            territory is not None
            and ecosystem is not None
            and not territory_ecosystems(territory).filter(pk=ecosystem.pk).exists()
        ):
            self.add_error("ecosystem", _("Choose a filière of the mapping's territory."))
        return cleaned


class CompanyViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = Company
    icon = "group"
    menu_label = _("Companies")
    list_display = ["name", "siret", "naf_code", "commune", "headcount_band", "active"]
    list_filter = ["active", "headcount_band", "is_head_office"]
    search_fields = ["name", "siret", "commune", "naf_code"]
    ordering = ["name"]

    @property
    def edit_handler(self):
        return ObjectList(Company.panels, base_form_class=CompanyAdminForm)


class NafMappingViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = NafMapping
    icon = "list-ul"
    menu_label = _("NAF mappings")
    list_display = ["code", "ecosystem"]
    search_fields = ["code"]

    @property
    def edit_handler(self):
        return ObjectList(
            [FieldPanel("territory"), FieldPanel("code"), FieldPanel("ecosystem")],
            base_form_class=NafMappingAdminForm,
        )


# --- Imports (core.import_admin) ----------------------------------------------------------


class CompanyImportForm(import_admin.ImportUploadForm):
    file = forms.FileField(
        label=_("Companies file"),
        help_text=_(
            "INSEE's SIRENE establishment file (StockEtablissement CSV, or its zip), or the "
            "JSON of the “Recherche d'entreprises” API."
        ),
    )
    file_accept = ".csv,.zip,.json"
    max_file_bytes = staticmethod(company_imports.max_file_bytes)

    def check_file(self, upload):
        company_imports.inspect(upload, name=upload.name)


class CompanyImportCreateView(import_admin.ImportCreateView):
    template_name = "attractiveness/admin/company_import_form.html"
    form_class = CompanyImportForm
    page_title = _("Import companies")

    create_import = staticmethod(company_imports.company_import_create)
    max_rows = staticmethod(company_imports.max_rows)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "required": company_imports.REQUIRED_COLUMNS}


class CompanyImportDetailView(import_admin.ImportDetailView):
    template_name = "attractiveness/admin/company_import_detail.html"

    def problems_count(self, problems):
        return self.object.rejected  # the report lists the first REPORT_MAX_PROBLEMS only


class CompanyImportProgressView(import_admin.ImportProgressView):
    counters = ("closed", *company_imports.COUNTERS)


class CompanyImportReportView(import_admin.ImportReportView):
    report_filename = "companies-import-{pk}-report.csv"

    def report_rows(self, item):
        return company_imports.report_rows(item)


class CompanyImportViewSet(TerritoryOwnedViewSetMixin, import_admin.ImportViewSet):
    model = CompanyImport
    menu_label = _("Company imports")
    menu_order = 311  # just below the directory
    name = "company_imports"
    create_view_class = CompanyImportCreateView
    detail_view_class = CompanyImportDetailView
    progress_view_class = CompanyImportProgressView
    report_view_class = CompanyImportReportView


class CompanyDirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Company directory")
    menu_icon = "group"
    menu_order = 310
    items = (CompanyViewSet, NafMappingViewSet)
