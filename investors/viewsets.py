"""The CRM in the Wagtail admin: the territory's leads for its Developers."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import modelform_factory
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from territories.forms import TerritoryOwnedAdminForm
from territories.viewsets import TerritoryOwnedViewSetMixin
from users.mfa import MFARequiredViewSetMixin, mfa_required

from .board import LeadBoardView
from .matching import lead_offer_matches, offers_sendable
from .models import Lead
from .pagination import LateRowPaginator
from .personal_data import PersonalDataView
from .selectors import lead_engagement, territory_members
from .services import (
    INQUIRY_FIELDS,
    lead_assign,
    lead_note_add,
    lead_offers_send,
    lead_stage_change,
    lead_task_add,
    lead_task_done,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _assignees(request):
    from territories.membership import users_visible_to

    if request is None:
        return territory_members(None).none()
    return users_visible_to(request.user).order_by("last_name", "first_name", "pk")


class LeadBoardFilterSet(WagtailFilterSet):
    """The filters the listing and the pipeline board share."""

    # Declared one by one: deriving them from Meta.fields queries the (scoped) model at import.
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=_assignees)
    project_type = django_filters.ChoiceFilter(
        label=_("Project type"), choices=Lead.ProjectType.choices
    )
    from_offer = django_filters.BooleanFilter(
        label=_("From an offer"), field_name="offer", lookup_expr="isnull", exclude=True
    )
    utm_source = django_filters.CharFilter(label=_("UTM source"), lookup_expr="icontains")

    class Meta:
        model = Lead
        fields = []


class LeadFilterSet(LeadBoardFilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Lead.Stage.choices)
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

    def clean(self):
        cleaned = super().clean()
        lost = cleaned.get("stage") == Lead.Stage.LOST and "stage" in self.changed_data
        if lost and "lost_reason" in self.fields and not cleaned.get("lost_reason"):
            self.add_error("lost_reason", _("Say why the lead was lost."))
        return cleaned


class LeadIndexView(generic.IndexView):
    # Pages the keys, then reads the page's rows by key: a deep page costs an index walk,
    # not fifty thousand rows read and dropped (investors/pagination.py).
    paginator_class = LateRowPaginator

    @cached_property
    def header_buttons(self):
        board = HeaderButton(_("Pipeline"), url=reverse("leads:board"), icon_name="table")
        personal = HeaderButton(
            _("Personal data"), url=reverse("leads:personal_data"), icon_name="lock"
        )
        return [*super().header_buttons, board, personal]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assignee")

    def order_queryset(self, queryset):
        """Every ordering ends with the primary key, in the first key's direction: pages
        never share or skip a row, and the default order (newest first) is exactly the
        ``investors_lead_recent`` index, which answers a page's keys alone."""
        queryset = super().order_queryset(queryset)
        ordering = list(queryset.query.order_by)
        if ordering and not any(str(key).lstrip("-") in ("pk", "id") for key in ordering):
            descending = str(ordering[0]).startswith("-")
            queryset = queryset.order_by(*ordering, "-pk" if descending else "pk")
        return queryset

    def preprocess_field_value(self, field, value, export_format):
        """Spreadsheet-safe cells: text a spreadsheet would run as a formula gets a quote."""
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value


class LeadNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LeadTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=None, required=False)

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = territory_members(lead.territory)


class LeadEditView(generic.EditView):
    """The lead's record, and beside it its work: the timeline, notes and tasks. A note, a
    task or a task done posts to this same view (a button name says which), so the lead's
    permission and territory checks apply to them unchanged."""

    template_name = "investors/lead_edit.html"
    WORK_ACTIONS = ("add_note", "add_task", "task_done", "send_offers")

    def post(self, request, *args, **kwargs):
        action = next((name for name in self.WORK_ACTIONS if name in request.POST), None)
        if action is None:
            return super().post(request, *args, **kwargs)
        if not request.user.has_perm(self.WORK_PERMISSIONS[action]):
            raise PermissionDenied
        # As the edit's own POST does: the territory-scoped lookup (another lead is a 404).
        self.object = lead = self.get_object()
        if action == "add_note":
            form = LeadNoteForm(request.POST, prefix="note")
            if form.is_valid():
                lead_note_add(lead=lead, author=request.user, text=form.cleaned_data["text"])
                messages.success(request, _("Note added."))
                return redirect(self.get_edit_url())
            return self._render_work(note_form=form)
        if action == "add_task":
            form = LeadTaskForm(request.POST, prefix="task", lead=lead)
            if form.is_valid():
                lead_task_add(lead=lead, **form.cleaned_data)
                messages.success(request, _("Task added."))
                return redirect(self.get_edit_url())
            return self._render_work(task_form=form)
        if action == "send_offers":
            return self._send_offers(lead)
        task_id = request.POST.get("task_done", "")
        task = lead.tasks.filter(pk=int(task_id)).first() if task_id.isdigit() else None
        if task is None:
            raise Http404
        lead_task_done(task=task, actor=request.user)
        messages.success(request, _("Task marked as done."))
        return redirect(self.get_edit_url())

    WORK_PERMISSIONS = {
        "add_note": "investors.add_leadnote",
        "add_task": "investors.add_leadtask",
        "task_done": "investors.change_leadtask",
        "send_offers": "investors.change_lead",
    }

    def _send_offers(self, lead):
        """Only live, available offers of the lead's territory: any other id refuses the
        whole sending (400, nothing sent)."""
        offers = offers_sendable(lead, self.request.POST.getlist("offers"))
        if not lead.email or lead.anonymised_at:
            messages.error(self.request, _("This lead has no email address to send to."))
            return self._render_work()
        if offers is None:
            messages.error(
                self.request,
                _("Choose one or more of the offers listed: nothing was sent."),
            )
            return self._render_work()
        lead_offers_send(lead=lead, offers=offers, sender=self.request.user)
        messages.success(
            self.request,
            _("%(count)s offers sent to %(email)s.") % {"count": len(offers), "email": lead.email},
        )
        return redirect(self.get_edit_url())

    def get_form_kwargs(self):
        """``?stage=lost`` (the board's "lost" move) preselects the stage, so the reason is
        filled and saved with it."""
        kwargs = super().get_form_kwargs()
        stage = self.request.GET.get("stage")
        if self.request.method == "GET" and stage in Lead.Stage.values:
            kwargs["initial"] = {**kwargs.get("initial", {}), "stage": stage}
        return kwargs

    def _render_work(self, **forms_):
        self.form = self.get_form()
        context = self.get_context_data(form=self.form, **forms_)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead = self.object
        context.setdefault("note_form", LeadNoteForm(prefix="note"))
        context.setdefault("task_form", LeadTaskForm(prefix="task", lead=lead))
        context["activities"] = lead.activities.select_related("actor")[:100]
        context["tasks"] = lead.tasks.select_related("assignee").order_by("done", "due_date", "pk")
        context["lead"] = lead
        context["matches"] = lead_offer_matches(lead)
        context["engagement"] = lead_engagement(lead)
        return context

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
    add_to_admin_menu = False  # under the CRM menu (wagtail_hooks.py)
    # Not in Wagtail's reference index: every lead saved (each inquiry, stage change,
    # assignment) would enqueue an index update, an outbox row and a worker's job for the
    # leads' two page links, and a page's "usage" could then list leads, personal data,
    # to editors who have no CRM access (docs/investors.md, docs/performance.md).
    add_to_reference_index = False
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
        *INQUIRY_FIELDS,  # what the investor told us, which the team may correct
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

    def get_urlpatterns(self):
        board = LeadBoardView.as_view(
            permission_policy=self.permission_policy,
            filterset_class=LeadBoardFilterSet,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
        )
        personal = PersonalDataView.as_view(
            permission_policy=self.permission_policy, index_url_name=self.get_url_name("index")
        )
        return [
            *super().get_urlpatterns(),
            path("board/", mfa_required(board), name="board"),
            path("personal-data/", mfa_required(personal), name="personal_data"),
        ]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=LeadForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )
