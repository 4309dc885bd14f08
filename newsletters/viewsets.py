"""The communication team's admin section: newsletters, lists, subscribers, subscriptions,
the import, and each letter's "Send" screen (schedule, test send, pause, live progress)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateTimeInput, MenuItem
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from territories.viewsets import TerritoryOwnedViewSetMixin

from . import services
from .imports import MAX_BYTES, subscribers_import
from .models import MailingList, Newsletter, NewsletterSettings, Subscriber, Subscription

NEWSLETTER_URLS = "wagtailsnippets_newsletters_newsletter"


class NewsletterIndexView(SnippetIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.insert(
            0,
            MenuItem(
                _("Send"),
                url=reverse(f"{NEWSLETTER_URLS}:send", args=[instance.pk]),
                icon_name="mail",
                priority=5,
            ),
        )
        return buttons


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send date"), widget=AdminDateTimeInput, required=False,
        help_text=_("Empty: as soon as possible (within a minute)."),
    )  # fmt: skip


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label=_("Test addresses"),
        max_length=2000,
        help_text=_("Up to 10 addresses, separated by commas or spaces."),
    )

    def clean_addresses(self):
        parts = [p for p in self.cleaned_data["addresses"].replace(";", ",").replace(
            ",", " ").split() if p]  # fmt: skip
        if not parts:
            raise ValidationError(_("Give at least one address."))
        if len(parts) > services.MAX_TEST_ADDRESSES:
            raise ValidationError(_("At most 10 addresses."))
        cleaned = []
        for part in parts:
            try:
                cleaned.append(services.normalise_email(part))
            except ValidationError as error:
                shown = "".join(ch for ch in part if ch.isprintable())[:80]
                raise ValidationError(
                    _("“%(value)s” is not an email address.") % {"value": shown}
                ) from error
        return cleaned


class NewsletterSendView(
    PermissionCheckedMixin, BaseObjectMixin, generic.base.WagtailAdminTemplateMixin, TemplateView
):
    """Schedule, unschedule, test send, pause, resume; the report and the progress bar."""

    permission_required = "change"
    template_name = "newsletters/admin/send.html"
    page_title = _("Send")
    header_icon = "mail"
    ACTIONS = ("schedule", "unschedule", "test_send", "pause", "resume")

    def get_page_subtitle(self):
        return str(self.object)

    def post(self, request, *args, **kwargs):
        action = next((name for name in self.ACTIONS if name in request.POST), None)
        newsletter = self.object
        schedule_form = ScheduleForm(prefix="schedule")
        test_form = TestSendForm(prefix="test")
        try:
            if action == "schedule":
                schedule_form = ScheduleForm(request.POST, prefix="schedule")
                if not schedule_form.is_valid():
                    return self._again(schedule_form, test_form)
                when = schedule_form.cleaned_data["send_at"] or timezone.now()
                services.newsletter_schedule(newsletter=newsletter, send_at=when)
                messages.success(request, _("Scheduled."))
            elif action == "unschedule":
                services.newsletter_unschedule(newsletter=newsletter)
                messages.success(request, _("Back to draft."))
            elif action == "test_send":
                test_form = TestSendForm(request.POST, prefix="test")
                if not test_form.is_valid():
                    return self._again(schedule_form, test_form)
                count = services.newsletter_test_send(
                    newsletter=newsletter, addresses=test_form.cleaned_data["addresses"]
                )
                messages.success(request, _("Test sent to %(count)d address(es).") % {
                    "count": count})  # fmt: skip
            elif action == "pause":
                services.newsletter_pause(newsletter=newsletter)
                messages.success(request, _("Paused."))
            elif action == "resume":
                services.newsletter_resume(newsletter=newsletter)
                messages.success(request, _("Resumed."))
            else:
                return self._again(schedule_form, test_form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._again(schedule_form, test_form)
        return redirect(request.path)

    def _again(self, schedule_form, test_form):
        context = self.get_context_data(schedule_form=schedule_form, test_form=test_form)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newsletter = self.object
        context.setdefault("schedule_form", ScheduleForm(prefix="schedule"))
        context.setdefault("test_form", TestSendForm(prefix="test"))
        context["newsletter"] = newsletter
        context["report"] = services.newsletter_report(newsletter).as_dict()
        context["progress_url"] = reverse(f"{NEWSLETTER_URLS}:progress", args=[newsletter.pk])
        context["edit_url"] = reverse(f"{NEWSLETTER_URLS}:edit", args=[newsletter.pk])
        context["preview_note"] = newsletter.is_editable
        return context


class NewsletterProgressView(PermissionCheckedMixin, BaseObjectMixin, TemplateView):
    """The numbers the progress bar polls (JSON)."""

    permission_required = "change"

    def get(self, request, *args, **kwargs):
        data = services.newsletter_report(self.object).as_dict()
        data["status"] = self.object.status
        response = JsonResponse(data)
        response["Cache-Control"] = "no-store"
        return response


class NewsletterViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = _("Newsletters")
    index_view_class = NewsletterIndexView
    list_display = ["subject", "status", "send_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    search_backend_name = None
    ordering = ["-created_at"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send/<str:pk>/", self.send_view, name="send"),
            path("progress/<str:pk>/", self.progress_view, name="progress"),
        ]

    @property
    def send_view(self):
        return self.construct_view(NewsletterSendView)

    @property
    def progress_view(self):
        return self.construct_view(NewsletterProgressView)


class MailingListViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    menu_label = _("Lists")
    list_display = ["name", "language", "is_public", "created_at"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["territory", "name", "description", "language", "is_public"]
    copy_view_enabled = False


class ImportForm(forms.Form):
    mailing_list = forms.ModelChoiceField(label=_("List"), queryset=MailingList.objects.none())
    consent_source = forms.CharField(
        label=_("Consent source"),
        max_length=500,
        help_text=_("Where and when these people agreed to receive the letter, e.g. "
                    "“sign-up sheet, business fair, 12 March 2026”."),
    )  # fmt: skip
    file = forms.FileField(label=_("CSV file"), help_text=_("A column named “email”."))

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailing_list"].queryset = lists


class SubscriberImportView(
    PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin, TemplateView
):
    model = None
    permission_required = "add"
    template_name = "newsletters/admin/import.html"
    page_title = _("Import subscribers")
    header_icon = "upload"

    def _lists(self):
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(MailingList)
        return policy.instances_user_has_permission_for(self.request.user, "view")

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES, lists=self._lists())
        result = None
        status = 400
        if form.is_valid():
            try:
                result = subscribers_import(
                    mailing_list=form.cleaned_data["mailing_list"],
                    raw=form.cleaned_data["file"].read(MAX_BYTES + 1),
                    consent_source=form.cleaned_data["consent_source"],
                )
                status = 200
            except ValidationError as error:
                form.add_error("file", error)
        return self.render_to_response(
            self.get_context_data(form=form, result=result), status=status
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm(lists=self._lists()))
        return context


class SubscriberViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    list_display = ["email", "language", "suppressed", "created_at"]
    list_filter = ["suppressed", "language"]
    search_fields = ["email"]
    search_backend_name = None
    form_fields = ["territory", "email", "language", "interests", "suppressed"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", self.import_view, name="import")]

    @property
    def import_view(self):
        return self.construct_view(SubscriberImportView)


class SubscriptionViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    model = Subscription
    icon = "tick"
    menu_label = _("Subscriptions")
    list_display = ["subscriber", "mailing_list", "status", "consent_source", "consent_at"]
    list_filter = ["status", "consent_source"]
    form_fields = ["subscriber", "mailing_list", "status", "consent_source", "consent_text",
                   "consent_at"]  # fmt: skip
    copy_view_enabled = False


class NewsletterSettingsViewSet(TerritoryOwnedViewSetMixin, SnippetViewSet):
    """One row per territory (a unique constraint): whether its letters track opens and
    clicks. No row: off."""

    model = NewsletterSettings
    icon = "cog"
    menu_label = _("Settings")
    list_display = ["__str__", "territory", "tracking"]
    form_fields = ["territory", "tracking", "reply_to"]
    copy_view_enabled = False


class NewsletterGroup(SnippetViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 260
    items = (
        NewsletterViewSet,
        MailingListViewSet,
        SubscriberViewSet,
        SubscriptionViewSet,
        NewsletterSettingsViewSet,
    )
