"""The pipeline board: the territory's leads in columns by stage, filtered as the listing is.

Every column reads from the rows the user may view (the Leads' permission policy: a
Developer of A and Editor of B sees A's only), with a fixed number of queries whatever the
number of leads: one aggregate (count and jobs per stage), one LIMIT query per stage for the
first cards of each column (an index on territory, stage, expected decision date), and the
filter's choices. A card moves by a small form (a stage and a
button) that works without JavaScript; "lost" asks for its reason on the lead's page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Sum
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import Lead
from .services import lead_stage_change

CARDS_PER_COLUMN = 12  # the rest: the listing, filtered on the stage


class StageMoveForm(forms.Form):
    lead = forms.IntegerField(min_value=1)
    stage = forms.ChoiceField(choices=Lead.Stage.choices)


class CrmView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page of the CRM beside the Leads viewset, which gives it the leads'
    permission policy (and puts it behind the second factor)."""

    permission_required = "view"
    permission_policy = None
    index_url_name = ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext_lazy("Leads")},
            {"url": "", "label": self.get_page_title()},
        ]


class LeadBoardView(CrmView):
    template_name = "investors/lead_board.html"
    page_title = gettext_lazy("Pipeline")
    header_icon = "table"
    filterset_class = None
    edit_url_name = ""

    def leads(self, action="view"):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filterset_class(
            self.request.GET or None, queryset=self.leads(), request=self.request
        )
        invalid = filters.is_bound and not filters.is_valid()
        leads = self.leads().none() if invalid else filters.qs
        per_stage = leads.order_by().values("stage")
        totals = {
            row["stage"]: row for row in per_stage.annotate(n=Count("pk"), jobs=Sum("jobs_planned"))
        }
        # One LIMIT query per stage (eight, whatever the leads): each walks the
        # investors_lead_board index instead of sorting the territory's leads.
        order = [F("expected_decision_date").asc(nulls_last=True), F("pk").desc()]
        cards = {
            stage: list(
                leads.filter(stage=stage)
                .select_related("assignee")
                .order_by(*order)[:CARDS_PER_COLUMN]
            )
            for stage in Lead.Stage.values
        }
        query = self.request.GET.urlencode()
        context.update(
            filters=filters,
            query=query,
            columns=[
                {
                    "stage": stage,
                    "label": label,
                    "count": totals.get(stage, {}).get("n", 0),
                    "jobs": totals.get(stage, {}).get("jobs") or 0,
                    "cards": cards.get(stage, []),
                    "more_url": f"{reverse(self.index_url_name)}?stage={stage}",
                }
                for stage, label in Lead.Stage.choices
            ],
            stages=Lead.Stage.choices,
            index_url=reverse(self.index_url_name),
            edit_url_name=self.edit_url_name,
        )
        return context

    def post(self, request, *args, **kwargs):
        """Move one card: another territory's lead (or any id the user may not change) is a
        404, a malformed form a 400 with the board again."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        form = StageMoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a stage for the lead."))
            context = self.get_context_data()
            return self.render_to_response(context, status=400)
        lead = self.leads("change").filter(pk=form.cleaned_data["lead"]).first()
        if lead is None:
            raise Http404
        stage = form.cleaned_data["stage"]
        back = reverse(request.resolver_match.view_name)
        query = request.GET.urlencode()
        back = f"{back}?{query}" if query else back
        if stage == lead.stage:
            return redirect(back)
        if stage == Lead.Stage.LOST:
            messages.warning(request, _("Say why the lead was lost, then save."))
            edit = reverse(self.edit_url_name, args=[lead.pk])
            return redirect(f"{edit}?stage={Lead.Stage.LOST}")
        lead_stage_change(lead=lead, stage=stage, actor=request.user)
        messages.success(
            request,
            _("%(lead)s moved to %(stage)s.")
            % {"lead": lead.company or lead.contact_name, "stage": lead.get_stage_display()},
        )
        return redirect(back)
