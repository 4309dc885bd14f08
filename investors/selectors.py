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


def _open_lead_sql() -> str:
    """The open-lead lookup by email as one statement: what ``leads_with_email(…)
    .exclude(stage__in=CLOSED_STAGES).order_by("-created_at", "-pk")`` compiles to, with the
    closed stages (the model's constants, never input) written in. ``LOWER("email")`` is the
    expression the investors_lead_email_ci index holds."""
    closed = ", ".join(f"'{stage}'" for stage in Lead.CLOSED_STAGES)
    return (
        f'SELECT "id" FROM "{Lead._meta.db_table}" '  # noqa: S608 (constants only)
        f'WHERE "territory_id" = %s AND LOWER("email") = %s AND "stage" NOT IN ({closed}) '
        'ORDER BY "created_at" DESC, "id" DESC LIMIT 1'
    )


OPEN_LEAD_SQL = _open_lead_sql()


def lead_open_for_email(*, territory, email):
    """The territory's open lead with this email (case-insensitive), the newest first.

    Every inquiry asks it, and most find none (a new email): its id is read with
    ``OPEN_LEAD_SQL`` through the territory-scoped manager's ``raw()`` (which refuses to run
    outside a territory scope, as every query of the manager), at an eighth of the Python
    calls the ORM spent building the same statement (2,069 of an inquiry POST's 15,761,
    docs/performance.md); the row is read only when there is one."""
    found = list(Lead.objects.raw(OPEN_LEAD_SQL, [territory.pk, email.strip().lower()]))
    if not found:
        return None
    return Lead.objects.filter(territory=territory, pk=found[0].pk).first()


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
