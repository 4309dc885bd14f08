""" "Personal data" in the CRM menu: a person's leads found by email address in the user's
territories, exported as JSON or erased (anonymised) after confirmation (docs/gdpr.md).

The territories are those where the user holds the lead permission asked (view to see and
export, delete to erase), through that territory's own group: the same address in another
territory is never shown, exported nor touched.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .board import CrmView
from .gdpr import person_erase, person_export, person_leads


class PersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), max_length=254)


class EraseForm(PersonForm):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: this person's leads are anonymised for good (the figures stay)."
        )
    )


class PersonalDataView(CrmView):
    template_name = "investors/personal_data.html"
    page_title = gettext_lazy("Personal data")
    header_icon = "lock"

    def territories(self, action):
        from territories.models import Territory

        ids = self.permission_policy.territory_ids_for(self.request.user, [action])
        territories = Territory.objects.order_by("name")
        return list(territories if ids is None else territories.filter(pk__in=ids))

    def get(self, request, *args, **kwargs):
        form = PersonForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if form.is_bound and request.GET.get("format") == "json":
            return self._export(form.cleaned_data["email"])
        return self.render_to_response(self.get_context_data(form=form))

    def _export(self, email):
        leads = []
        for territory in self.territories("view"):
            leads.extend(person_export(territory, email)["leads"])
        data = {"email": email, "exported_at": timezone.now().isoformat(), "leads": leads}
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    def post(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "delete"):
            raise PermissionDenied
        form = EraseForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data(form=PersonForm(request.POST), erase_form=form)
            return self.render_to_response(context, status=400)
        email = form.cleaned_data["email"]
        erased = sum(person_erase(territory, email) for territory in self.territories("delete"))
        messages.success(
            request,
            _("%(count)s leads of %(email)s anonymised.") % {"count": erased, "email": email},
        )
        return redirect(
            f"{reverse(request.resolver_match.view_name)}?{urlencode({'email': email})}"
        )

    def get_context_data(self, *, form, erase_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        found = []
        if form.is_bound and form.is_valid():
            email = form.cleaned_data["email"]
            for territory in self.territories("view"):
                found.extend(
                    person_leads(territory, email).annotate(
                        notes_count=Count("notes", distinct=True),
                        activities_count=Count("activities", distinct=True),
                    )
                )
            erase_form = erase_form or EraseForm(initial={"email": email})
            context["export_url"] = "?" + urlencode({"email": email, "format": "json"})
        context.update(
            form=form,
            found=found,
            erase_form=erase_form,
            can_erase=self.permission_policy.user_has_permission(self.request.user, "delete"),
        )
        return context
