"""The company directory in the admin: companies and NAF mappings (snippets), and company
imports (upload, progress, report) built as realestate's offer imports. For the territory's
Editors and Moderators (attractiveness/apps.py); another territory's row is a 404
(TerritoryOwnedViewSetMixin)."""

import csv
import io

from django import forms
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSet

from territories.models import Territory
from territories.viewsets import TerritoryOwnedViewSetMixin

from . import company_imports
from .companies import Company, CompanyImport, NafMapping

REPORT_ON_PAGE = 500


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


# --- Imports ------------------------------------------------------------------------------


class CompanyImportForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    file = forms.FileField(
        label=_("Companies file"),
        help_text=_(
            "INSEE's SIRENE establishment file (StockEtablissement CSV, or its zip), or the "
            "JSON of the “Recherche d'entreprises” API."
        ),
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.only_territory = territories[0] if len(territories) == 1 else None
        if self.only_territory is not None:
            self.fields["territory"].required = False
            self.fields["territory"].widget = forms.HiddenInput()
        self.fields["file"].widget.attrs["accept"] = ".csv,.zip,.json"

    def clean_territory(self):
        return self.cleaned_data.get("territory") or self.only_territory

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > company_imports.max_file_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s per import: split it.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(company_imports.max_file_bytes()),
                }
            )
        try:
            company_imports.inspect(upload, name=upload.name)
        except company_imports.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


class CompanyImportIndexView(generic.IndexView):
    model = CompanyImport
    default_ordering = "-created_at"
    page_title = _("Company imports")
    header_icon = "upload"
    paginate_by = 30

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("created_by", "territory")

    def get_edit_url(self, instance):
        return reverse("company_imports:detail", args=[instance.pk])

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


class CompanyImportCreateView(WagtailAdminTemplateMixin, PermissionCheckedMixin, FormView):
    model = CompanyImport
    permission_required = "add"
    template_name = "attractiveness/admin/company_import_form.html"
    form_class = CompanyImportForm
    page_title = _("Import companies")
    header_icon = "upload"

    def get_form_kwargs(self):
        policy = policy_registry.get_by_type(CompanyImport)
        ids = policy.territory_ids_for(self.request.user, ["add"])
        territories = Territory.objects.active().order_by("name")
        if ids is not None:
            territories = territories.filter(pk__in=ids)
        return {**super().get_form_kwargs(), "territories": territories}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("company_imports:index"), "label": _("Company imports")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        company_import = company_imports.company_import_create(
            territory=form.cleaned_data["territory"],
            user=self.request.user,
            file=form.cleaned_data["file"],
        )
        messages.success(self.request, _("Import queued: its progress is below."))
        return redirect("company_imports:detail", company_import.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "required": company_imports.REQUIRED_COLUMNS,
            "max_rows": company_imports.max_rows(),
            "max_bytes": company_imports.max_file_bytes(),
        }


class _ImportObjectMixin(BaseObjectMixin, PermissionCheckedMixin):
    model = CompanyImport
    permission_required = "view"


class CompanyImportDetailView(_ImportObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "attractiveness/admin/company_import_detail.html"
    header_icon = "upload"

    def get_page_title(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("company_imports:index"), "label": _("Company imports")},
            {"url": "", "label": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        problems = [entry for entry in self.object.report or [] if entry.get("errors")]
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "problems": problems[:REPORT_ON_PAGE],
            "more_problems": max(self.object.rejected - REPORT_ON_PAGE, 0),
            "progress_url": reverse("company_imports:progress", args=[self.object.pk]),
            "report_url": reverse("company_imports:report", args=[self.object.pk]),
        }


class CompanyImportProgressView(_ImportObjectMixin, View):
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
                "closed": item.closed,
                **{name: getattr(item, name) for name in company_imports.COUNTERS},
            }
        )


class CompanyImportReportView(_ImportObjectMixin, View):
    def get(self, request, *args, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in company_imports.report_rows(self.object):
            writer.writerow([company_imports.export_cell(value) for value in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="companies-import-{self.object.pk}-report.csv"'
        )
        return response


class CompanyImportMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(CompanyImport)
        return policy.user_has_any_permission(request.user, ["add", "view"])


class CompanyImportViewSet(TerritoryOwnedViewSetMixin, ViewSet):
    model = CompanyImport
    icon = "upload"
    menu_label = _("Company imports")
    menu_order = 311  # just below the directory
    add_to_admin_menu = True
    name = "company_imports"

    @property
    def menu_item_class(self):
        return CompanyImportMenuItem

    def get_urlpatterns(self):
        def index(**extra):
            return self.construct_view(
                CompanyImportIndexView,
                index_url_name=self.get_url_name("index"),
                index_results_url_name=self.get_url_name("index_results"),
                add_url_name=self.get_url_name("add"),
                **extra,
            )

        return [
            path("", index(), name="index"),
            path("results/", index(results_only=True), name="index_results"),
            path("new/", self.construct_view(CompanyImportCreateView), name="add"),
            path("<int:pk>/", self.construct_view(CompanyImportDetailView), name="detail"),
            path(
                "<int:pk>/progress/",
                self.construct_view(CompanyImportProgressView),
                name="progress",
            ),
            path(
                "<int:pk>/report.csv", self.construct_view(CompanyImportReportView), name="report"
            ),
        ]


class CompanyDirectoryViewSetGroup(ViewSetGroup):
    menu_label = _("Company directory")
    menu_icon = "group"
    menu_order = 310
    items = (CompanyViewSet, NafMappingViewSet)
