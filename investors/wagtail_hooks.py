from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from users.hooks import ACCOUNT_SECTIONS, BEFORE_ACCOUNT_DELETE, PERSONAL_DATA

from . import account
from .dashboard import LeadDashboardPanel, panels_for
from .models import Lead
from .permissions import LeadPermissionPolicy
from .viewsets import LeadViewSet

register_permission_policy(Lead, LeadPermissionPolicy(Lead))
CRM_MENU_HOOK = "register_crm_menu_item"


@hooks.register("register_admin_viewset")
def register_leads():
    return LeadViewSet("leads")


class LeadsMenuItem(MenuItem):
    """Shown to whoever may view leads in one of their territories (the Developers)."""

    action = "view"

    def is_shown(self, request):
        policy = LeadPermissionPolicy(Lead)
        return policy.user_has_permission(request.user, self.action)


class ErasureMenuItem(LeadsMenuItem):
    action = "delete"


@hooks.register("register_admin_menu_item")
def register_crm_menu():
    menu = Menu(register_hook_name=CRM_MENU_HOOK)
    return SubmenuMenuItem(_("CRM"), menu, name="crm", icon_name="user", order=250)


@hooks.register(CRM_MENU_HOOK)
def register_leads_menu_item():
    return LeadsMenuItem(_("Leads"), reverse_lazy("leads:index"), icon_name="user", order=10)


@hooks.register(CRM_MENU_HOOK)
def register_board_menu_item():
    return LeadsMenuItem(_("Pipeline"), reverse_lazy("leads:board"), icon_name="table", order=20)


@hooks.register(CRM_MENU_HOOK)
def register_personal_data_menu_item():
    return ErasureMenuItem(
        _("Personal data"), reverse_lazy("leads:personal_data"), icon_name="lock", order=30
    )


@hooks.register("construct_homepage_panels")
def add_lead_dashboard(request, panels):
    panels.extend(LeadDashboardPanel(figures) for figures in panels_for(request))


# The investor's account (users/hooks.py): inquiries sent, and their data export.
hooks.register(ACCOUNT_SECTIONS, account.inquiries_section)
hooks.register(PERSONAL_DATA, account.personal_data)
# Saved offers and searches, shared visits: on the account page, in the export, erased.
hooks.register(ACCOUNT_SECTIONS, account.saved_section)
hooks.register(PERSONAL_DATA, account.saved_personal_data)
hooks.register(BEFORE_ACCOUNT_DELETE, account.saved_erase)
