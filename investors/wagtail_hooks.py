from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Lead
from .permissions import LeadPermissionPolicy
from .viewsets import LeadViewSet

register_permission_policy(Lead, LeadPermissionPolicy(Lead))


@hooks.register("register_admin_viewset")
def register_leads():
    return LeadViewSet("leads")
