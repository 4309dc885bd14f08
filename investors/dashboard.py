"""The CRM's panel on the Wagtail home page: a territory's lead figures for its Developers.

One panel per territory where the user holds the Developers' lead permission (through that
territory's own group: a Developer of A and Editor of B sees A's figures only; a platform
superuser, who is no territory's developer, gets none). The figures are aggregates, yet the
panel asks the same second factor as the CRM: without it, a link to confirm it.

``lead_dashboard`` reads a fixed number of aggregate queries whatever the number of leads
(four). Months and weeks are those of ``TIME_ZONE`` (Europe/Paris): a lead of 31 January at
23:30 UTC is February's. Definitions (docs/investors.md, "Dashboard"):

- new leads this week: created since Monday 00:00;
- time to first answer: from the lead's creation (the inquiry) to ``first_answer_at``, the
  first stage change, note or email sent by the team; the median over the leads created in
  the last twelve months that were answered;
- won jobs this year: the jobs planned of the leads won (closed) since 1 January;
- leads per month by source, the last twelve months: the UTM source (lower case) when there
  is one, else "offer" for an offer's inquiry, else "direct"; the four biggest sources, the
  rest as "other";
- the funnel: for each stage of the pipeline, the leads at that stage or beyond it (won
  included; lost and abandoned left out, the stage they left from is only in the timeline).
"""

import datetime
import statistics
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Aggregate, Case, Count, DurationField, F, Q, Sum, Value, When
from django.db.models.functions import Lower, TruncMonth
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from .models import Lead

FUNNEL = [
    stage for stage in Lead.Stage.values if stage not in (Lead.Stage.LOST, Lead.Stage.ABANDONED)
]
SOURCES_SHOWN = 4
MONTHS = 12
OTHER, OFFER, DIRECT = "~other", "~offer", "~direct"
SOURCE_LABELS = {
    OTHER: gettext_lazy("other"),
    OFFER: gettext_lazy("offer inquiry"),
    DIRECT: gettext_lazy("direct"),
}
# Colour-blind-safe (Okabe–Ito), each with a pattern-free legend and the table beside it.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#555555"]


class Median(Aggregate):
    """PostgreSQL's median of an interval (other databases: computed in Python)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


@dataclass
class Bar:
    label: str
    value: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    colour: str = ""

    @property
    def text_y(self) -> float:
        return self.y + 16

    @property
    def value_x(self) -> float:
        return self.x + self.width + 6


@dataclass
class LeadFigures:
    territory: object
    new_this_week: int = 0
    won_jobs: int = 0
    won_leads: int = 0
    median_first_answer: datetime.timedelta | None = None
    stages: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count
    months: list[dict] = field(default_factory=list)  # label, iso, counts per source, total
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, colour
    funnel: list[Bar] = field(default_factory=list)
    month_bars: list[Bar] = field(default_factory=list)
    locked: bool = False

    @property
    def median_label(self) -> str:
        if self.median_first_answer is None:
            return "—"
        hours = self.median_first_answer.total_seconds() / 3600
        if hours < 48:
            return _("%(hours)s h") % {"hours": formats.number_format(round(hours, 1))}
        return _("%(days)s days") % {"days": formats.number_format(round(hours / 24, 1))}


def _source():
    return Case(
        When(~Q(utm_source=""), then=Lower("utm_source")),
        When(offer__isnull=False, then=Value(OFFER)),
        default=Value(DIRECT),
    )


def _month_starts(now_local, count):
    first = now_local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = [first]
    for _index in range(count - 1):
        previous = (starts[-1] - datetime.timedelta(days=1)).replace(day=1)
        starts.append(previous)
    return list(reversed(starts))


def _median(leads, since):
    answered = leads.filter(first_answer_at__isnull=False, created_at__gte=since)
    if connection.vendor == "postgresql":
        return answered.aggregate(m=Median(F("first_answer_at") - F("created_at")))["m"]
    pairs = answered.values_list("created_at", "first_answer_at")
    durations = [(answer - created).total_seconds() for created, answer in pairs]
    return datetime.timedelta(seconds=statistics.median(durations)) if durations else None


def lead_dashboard(territory, *, now=None) -> LeadFigures:
    """The territory's figures, in four aggregate queries whatever the number of leads."""
    zone = ZoneInfo(settings.TIME_ZONE)
    now_local = timezone.localtime(now or timezone.now(), zone)
    today = now_local.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = today - datetime.timedelta(days=today.weekday())
    year_start = today.replace(month=1, day=1)
    starts = _month_starts(now_local, MONTHS)
    leads = Lead.objects.filter(territory=territory)
    won = Q(stage=Lead.Stage.WON, closed_at__gte=year_start)
    totals = leads.aggregate(
        new=Count("pk", filter=Q(created_at__gte=week_start)),
        won_leads=Count("pk", filter=won),
        won_jobs=Sum("jobs_planned", filter=won),
    )
    per_stage = dict(leads.order_by().values_list("stage").annotate(n=Count("pk")))
    monthly = (
        leads.filter(created_at__gte=starts[0])
        .annotate(month=TruncMonth("created_at", tzinfo=zone), source=_source())
        .order_by()
        .values_list("month", "source")
        .annotate(n=Count("pk"))
    )
    figures = LeadFigures(
        territory=territory,
        new_this_week=totals["new"],
        won_leads=totals["won_leads"],
        won_jobs=totals["won_jobs"] or 0,
        median_first_answer=_median(leads, starts[0]),
        stages=[(value, label, per_stage.get(value, 0)) for value, label in Lead.Stage.choices],
    )
    _months(figures, starts, list(monthly), zone)
    _funnel(figures, per_stage)
    return figures


# The panel is on every admin home page: its figures are kept per territory, language and
# day, for at most CACHE_SECONDS, and dropped whenever one of the territory's leads is saved
# or deleted (the generation below). A bulk update (the nightly anonymisation) moves no
# figure the panel shows but the won jobs' leads' names, which it does not show; the
# timeout bounds any other staleness. With the cache down: computed every time.
CACHE_SECONDS = 300


def _generation_key(territory_id) -> str:
    return f"crm-dashboard-generation:{territory_id}"


@receiver([post_save, post_delete], sender=Lead, dispatch_uid="crm-dashboard-generation")
def _lead_changed(sender, instance, **kwargs):
    """A new generation once the change is committed: before it, a panel computed in another
    transaction would not see the change and would be kept under the new generation. Any
    new value will do (one write, no read); a rolled-back change sets none."""
    key = _generation_key(instance.territory_id)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None), robust=True)


def lead_dashboard_cached(territory, *, now=None) -> LeadFigures:
    """``lead_dashboard``, from the cache when the territory's leads have not changed."""
    moment = timezone.localtime(now or timezone.now(), ZoneInfo(settings.TIME_ZONE))
    generation = cache.get(_generation_key(territory.pk), 0)
    key = f"crm-dashboard:{territory.pk}:{generation}:{get_language()}:{moment.date()}"
    figures = cache.get(key)
    if figures is None:
        figures = lead_dashboard(territory, now=now)
        figures.territory = None  # the cached figures carry no model instance
        cache.set(key, figures, CACHE_SECONDS)
    figures.territory = territory
    return figures


def _months(figures, starts, rows, zone):
    by_source = {}
    for _month, source, count in rows:
        by_source[source] = by_source.get(source, 0) + count
    biggest = sorted(by_source, key=lambda key: (-by_source[key], key))[:SOURCES_SHOWN]
    keys = biggest + ([OTHER] if len(by_source) > len(biggest) else [])
    figures.sources = [
        (key, str(SOURCE_LABELS.get(key, key)), COLOURS[index % len(COLOURS)])
        for index, key in enumerate(keys)
    ]
    counts = {(start.date(), key): 0 for start in starts for key in keys}
    for month, source, count in rows:
        key = source if source in biggest else OTHER
        day = timezone.localtime(month, zone).date() if timezone.is_aware(month) else month.date()
        counts[(day.replace(day=1), key)] = counts.get((day.replace(day=1), key), 0) + count
    figures.months = [
        {
            "label": formats.date_format(start, "F Y"),
            # the axis: the month, and the year where it starts or changes
            "short": formats.date_format(start, "M y" if start.month == 1 or index == 0 else "M"),
            "iso": start.strftime("%Y-%m"),
            "counts": [counts[(start.date(), key)] for key in keys],
            "total": sum(counts[(start.date(), key)] for key in keys),
            "x": (index + 0.5) * 600 / len(starts),
        }
        for index, start in enumerate(starts)
    ]
    # Stacked columns in a 600 × 200 drawing (labels below).
    peak = max([month["total"] for month in figures.months] + [1])
    width = 600 / len(figures.months)
    for index, month in enumerate(figures.months):
        y = 200.0
        for (_key, label, colour), count in zip(figures.sources, month["counts"], strict=True):
            height = 180 * count / peak
            y -= height
            bar = Bar(f"{month['label']}: {label}", count, index * width + 6, y, width - 12)
            bar.height, bar.colour = height, colour
            figures.month_bars.append(bar)


def _funnel(figures, per_stage):
    labels = dict(Lead.Stage.choices)
    reached = []
    for index, stage in enumerate(FUNNEL):
        reached.append((stage, sum(per_stage.get(later, 0) for later in FUNNEL[index:])))
    peak = max([count for _stage, count in reached] + [1])
    figures.funnel = [
        Bar(str(labels[stage]), count, 130, index * 30, 440 * count / peak, 22, COLOURS[0])
        for index, (stage, count) in enumerate(reached)
    ]


def _mfa_passed(request) -> bool:
    from allauth.mfa.models import Authenticator

    from users.mfa import session_passed_mfa

    if not settings.TERRITORIA_MFA_REQUIRED:
        return True
    has_app = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP)
    return has_app.exists() and session_passed_mfa(request)


def panels_for(request) -> list[LeadFigures]:
    """The figures of each territory where the user is a developer (may view leads)."""
    from territories.models import Territory

    from .permissions import LeadPermissionPolicy

    ids = LeadPermissionPolicy(Lead).territory_ids_for(request.user, ["view"])
    if not ids:  # None: a superuser, platform-wide: no territory's panel
        return []
    territories = Territory.objects.filter(pk__in=ids).select_related("site").order_by("name")
    if not _mfa_passed(request):
        return [LeadFigures(territory=territory, locked=True) for territory in territories]
    return [lead_dashboard_cached(territory) for territory in territories]


class LeadDashboardPanel(Component):
    template_name = "investors/dashboard_panel.html"
    order = 90  # above Wagtail's own panels

    class Media:
        css = {"all": ["css/crm-admin.css"]}

    def __init__(self, figures: LeadFigures):
        self.figures = figures

    def get_context_data(self, parent_context):
        from django.urls import reverse

        return {
            "figures": self.figures,
            "panel_id": f"crm-{self.figures.territory.pk}",
            "board_url": reverse("leads:board"),
            "leads_url": reverse("leads:index"),
        }
