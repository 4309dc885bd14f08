"""Reads of the investors app: leads of the current territory scope, its members."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Lead


def territory_members(territory):
    """The active people in one of the territory's groups: who a lead may be assigned to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__territories=territory)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def leads_with_email(*, territory, email):
    """The territory's leads with this email, case-insensitive. Lower(), not email__iexact
    (UPPER() on PostgreSQL): the investors_lead_email_ci index answers it, where iexact read
    every lead of the territory (170 ms an inquiry at 100,000 leads, docs/performance.md)."""
    return (
        Lead.objects.filter(territory=territory)
        .alias(email_ci=Lower("email"))
        .filter(email_ci=email.strip().lower())
    )


def lead_open_for_email(*, territory, email):
    """The territory's open lead with this email (case-insensitive), the newest first.

    Its id first, then the row: most inquiries come from a new email, and the id alone is a
    query the ORM compiles at a third of the cost of the lead's fifty columns (profiled in
    the inquiry POST, docs/performance.md)."""
    pk = (
        leads_with_email(territory=territory, email=email)
        .exclude(stage__in=Lead.CLOSED_STAGES)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return None if pk is None else Lead.objects.filter(territory=territory, pk=pk).first()


# --- Engagement: one score the developer can explain ---------------------------------------

ENGAGEMENT_WEIGHTS = {
    "offers_viewed": 2,  # per offer opened (once, however many times)
    "pages_viewed": 1,  # per other page opened
    "saved_offers": 3,
    "saved_searches": 3,  # active ones
    "inquiries": 5,  # each inquiry sent (the first and the later ones)
}
RECENT_DAYS = {7: 5, 30: 2}  # a visit within 7 days: +5, else within 30 days: +2


@dataclass
class Engagement:
    points: int
    parts: list[dict]  # each {"kind", "count", "weight", "points"}
    last_visit: datetime.datetime | None
    recency_points: int
    shared: bool  # the investor agreed to share their visits


def lead_engagement(lead, *, now: datetime.datetime | None = None) -> Engagement:
    """The lead's engagement score and its reasons: each count times its weight
    (``ENGAGEMENT_WEIGHTS``), plus points for a recent visit (``RECENT_DAYS``). Views,
    saved offers and saved searches count only while the investor shares their visits
    (``engagement_consent_at``); inquiries always count. Saved items are those of the
    accounts whose verified address is the lead's, on the lead's territory."""
    from allauth.account.models import EmailAddress

    from .models import FavouriteOffer, LeadActivity, SavedSearch

    now = now or timezone.now()
    counts = dict.fromkeys(ENGAGEMENT_WEIGHTS, 0)
    counts["inquiries"] = lead.activities.filter(
        kind__in=[LeadActivity.Kind.INQUIRY, LeadActivity.Kind.NEW_INQUIRY]
    ).count()
    last_visit = None
    shared = lead.engagement_consent_at is not None
    if shared:
        views = lead.views.values("is_offer").annotate(
            pages=Count("page", distinct=True), last=Max("last_viewed_at")
        )
        for row in views:
            counts["offers_viewed" if row["is_offer"] else "pages_viewed"] = row["pages"]
            last_visit = max(filter(None, [last_visit, row["last"]]), default=None)
        users = EmailAddress.objects.filter(email__iexact=lead.email, verified=True).values(
            "user_id"
        )
        counts["saved_offers"] = FavouriteOffer.objects.filter(
            territory_id=lead.territory_id, user_id__in=users
        ).count()
        counts["saved_searches"] = SavedSearch.objects.filter(
            territory_id=lead.territory_id, user_id__in=users, active=True
        ).count()
    parts = [
        {"kind": kind, "count": count, "weight": weight, "points": count * weight}
        for kind, weight in ENGAGEMENT_WEIGHTS.items()
        if (count := counts[kind])
    ]
    recency = 0
    if last_visit is not None:
        age = now - last_visit
        recency = next(
            (points for days, points in RECENT_DAYS.items() if age <= datetime.timedelta(days)), 0
        )
    total = sum(part["points"] for part in parts) + recency
    return Engagement(total, parts, last_visit, recency, shared)
