"""Reads of the investors app: leads of the current territory scope, its members."""

from django.contrib.auth import get_user_model

from .models import Lead


def territory_members(territory):
    """The active people in one of the territory's groups: who a lead may be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__territories=territory)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def lead_open_for_email(*, territory, email):
    """The territory's open lead with this email (case-insensitive), the newest first."""
    return (
        Lead.objects.filter(territory=territory, email__iexact=email.strip())
        .exclude(stage__in=Lead.CLOSED_STAGES)
        .order_by("-created_at", "-pk")
        .first()
    )
