"""A bulk action of the page listings (the Offers listing, the explorer): mark several
offers as available, under offer, or let or sold at once."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from .models import OfferPage, OfferStatus


class OfferStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=OfferStatus.choices)


class ChangeOfferStatusBulkAction(PageBulkAction):
    display_name = _("Change offer status")
    action_type = "change_offer_status"
    aria_label = _("Change the status of the selected offers")
    template_name = "realestate/bulk_actions/confirm_change_status.html"
    action_priority = 60
    form_class = OfferStatusForm

    def check_perm(self, page):
        """An offer the user may publish, with no change waiting for moderation: the new
        status is published at once, and must not publish an unreviewed draft with it."""
        if not issubclass(page.specific_class or type(page), OfferPage):
            return False
        if page.has_unpublished_changes or page.workflow_in_progress:
            return False
        return page.permissions_for_user(self.request.user).can_publish()

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "status": self.cleaned_form.cleaned_data["status"],
        }

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **kwargs):
        changed = 0
        for page in objects:
            offer = page.specific
            if offer.status == status:
                continue
            offer.status = status
            revision = offer.save_revision(user=user, log_action=True)
            if offer.live:
                revision.publish(user=user)
            changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d offer changed to “%(status)s”",
            "%(count)d offers changed to “%(status)s”",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "status": OfferStatus(self.cleaned_form.cleaned_data["status"]).label,
        }
