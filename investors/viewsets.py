"""The CRM in the Wagtail admin: the territory's leads for its Developers."""

import django_filters
from django.forms.models import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from territories.forms import TerritoryOwnedAdminForm
from territories.viewsets import TerritoryOwnedViewSetMixin
from users.mfa import MFARequiredViewSetMixin

from .models import Lead
from .selectors import territory_members
from .services import lead_assign, lead_stage_change

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _assignees(request):
    from territories.membership import users_visible_to

    if request is None:
        return territory_members(None).none()
    return users_visible_to(request.user).order_by("last_name", "first_name", "pk")


class LeadFilterSet(WagtailFilterSet):
    # Declared one by one: deriving them from Meta.fields queries the (scoped) model at import.
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Lead.Stage.choices)
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=_assignees)
    project_type = django_filters.ChoiceFilter(
        label=_("Project type"), choices=Lead.ProjectType.choices
    )
    from_offer = django_filters.BooleanFilter(
        label=_("From an offer"), field_name="offer", lookup_expr="isnull", exclude=True
    )
    utm_source = django_filters.CharFilter(label=_("UTM source"), lookup_expr="icontains")
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Lead
        fields = []


class LeadForm(TerritoryOwnedAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("assignee")
        if field is not None and self.instance.territory_id:
            field.queryset = territory_members(self.instance.territory)


class LeadIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assignee")

    def preprocess_field_value(self, field, value, export_format):
        """Spreadsheet-safe cells: text a spreadsheet would run as a formula gets a quote."""
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value


class LeadEditView(generic.EditView):
    def save_instance(self):
        """The pipeline's changes through the services: each logs an activity, an
        assignment emails the assignee."""
        changed = set(self.form.changed_data)
        stage, assignee = (
            self.form.cleaned_data.get("stage"),
            self.form.cleaned_data.get("assignee"),
        )
        before = Lead.objects.get(pk=self.object.pk)
        instance = self.form.save(commit=False)
        instance.stage, instance.assignee = before.stage, before.assignee
        instance.save()
        if "stage" in changed and stage:
            lead_stage_change(
                lead=instance,
                stage=stage,
                actor=self.request.user,
                lost_reason=instance.lost_reason,
                competitor_territory=instance.competitor_territory,
            )
        if "assignee" in changed:
            lead_assign(lead=instance, assignee=assignee, actor=self.request.user)
        return instance


class LeadViewSet(MFARequiredViewSetMixin, TerritoryOwnedViewSetMixin, ModelViewSet):
    model = Lead
    icon = "user"
    menu_label = _("Leads")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = LeadIndexView
    edit_view_class = LeadEditView
    form_fields = [
        "stage",
        "assignee",
        "likelihood",
        "expected_decision_date",
        "investment",
        "lost_reason",
        "competitor_territory",
        "contact_name",
        "phone",
        "company",
        "siren",
        "sector",
        "project_type",
        "jobs_planned",
        "surface_needed",
        "land_needed",
        "timeline",
        "budget_range",
    ]
    list_display = ["contact_name", "company", "email", "stage", "assignee", "created_at"]
    list_export = [
        "contact_name",
        "email",
        "phone",
        "company",
        "siren",
        "sector",
        "project_type",
        "stage",
        "message",
        "utm_source",
        "referrer",
        "created_at",
    ]
    export_filename = "leads"
    search_fields = ["contact_name", "email", "company"]
    search_backend_name = None
    filterset_class = LeadFilterSet
    ordering = ["-created_at"]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=LeadForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )
