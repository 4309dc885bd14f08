from wagtail import hooks
from wagtail.permissions import register_permission_policy

from users.hooks import ACCOUNT_SECTIONS, BEFORE_ACCOUNT_DELETE, PERSONAL_DATA

from . import account
from .models import Lead
from .permissions import LeadPermissionPolicy
from .viewsets import LeadViewSet

register_permission_policy(Lead, LeadPermissionPolicy(Lead))


@hooks.register("register_admin_viewset")
def register_leads():
    return LeadViewSet("leads")


# The investor's account (users/hooks.py): inquiries sent, and their data export.
hooks.register(ACCOUNT_SECTIONS, account.inquiries_section)
hooks.register(PERSONAL_DATA, account.personal_data)
# Saved offers and searches, shared visits: on the account page, in the export, erased.
hooks.register(ACCOUNT_SECTIONS, account.saved_section)
hooks.register(PERSONAL_DATA, account.saved_personal_data)
hooks.register(BEFORE_ACCOUNT_DELETE, account.saved_erase)
