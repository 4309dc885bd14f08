"""The offers of a lead's territory that fit its project, ranked, each with its reasons.

A lead says what it needs (building surface, land, the type of the offer it asked about,
a budget range, a timeline); an offer says what it has. Each criterion the lead filled is
checked and explained ("surface 1,800 m² for 2,000 needed"); a criterion the lead left empty
is not counted. The score is the mean of the criteria counted (1 a fit, 0.5 close, 0 a
miss), so an offer that fits everything asked scores 100 whatever was asked.

Only the live, public, available offers of the lead's own territory, in the lead's language
(the territory's default language when that tree does not exist), are candidates: the same
set ``offers_sendable`` accepts in a "send these offers" POST. Offers live in the realestate
app, a sibling this app does not import: the model is looked up by name.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import Lead

LIMIT = 10
CANDIDATES = 200  # nearest in surface first: the ranking reads at most this many rows
CLOSE = Decimal("0.8")  # 80 % of what was asked counts as close
ROOMY = Decimal("1.25")  # a quarter more than asked still fits

# The upper bound of each budget range (€), compared with a sale price.
BUDGET_MAX = {
    Lead.Budget.SMALL: Decimal(1_000_000),
    Lead.Budget.MEDIUM: Decimal(5_000_000),
    Lead.Budget.LARGE: Decimal(20_000_000),
    Lead.Budget.HUGE: None,
}
# The latest availability date that suits each timeline (days from today).
TIMELINE_DAYS = {Lead.Timeline.SOON: 183, Lead.Timeline.YEAR: 365, Lead.Timeline.LATER: None}

FIT, NEAR, MISS = "fit", "near", "miss"
POINTS = {FIT: Decimal(1), NEAR: Decimal("0.5"), MISS: Decimal(0)}


@dataclass
class Criterion:
    name: str
    verdict: str  # FIT, NEAR or MISS
    text: str

    @property
    def symbol(self) -> str:
        return {FIT: "✓", NEAR: "≈", MISS: "✗"}[self.verdict]


@dataclass
class Match:
    offer: object
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def score(self) -> int:
        if not self.criteria:
            return 0
        total = sum(POINTS[criterion.verdict] for criterion in self.criteria)
        return round(100 * total / len(self.criteria))


def _m2(value) -> str:
    return number_format(value, force_grouping=True)


def offer_model():
    return apps.get_model("realestate", "OfferPage")


def territory_offers(lead):
    """The live, public, available offers of the lead's territory in its language."""
    site_root = lead.territory.site.root_page
    homes = Page.objects.filter(translation_key=site_root.translation_key)
    language = lead.language or lead.territory.default_language
    home = homes.filter(locale__language_code=language).first() or site_root
    return offer_model().objects.live().public().descendant_of(home).filter(status="available")


def _surface(lead, offer):
    """Enough surface, and not so much more that the investor would pay for empty space: up
    to a quarter more (or a divisible lot that small) fits, twice as much is close."""
    needed = lead.surface_needed
    if offer.offer_type == "land":
        # A plot has no building: close only for a project that also asks for land to build.
        text = _("building land, no building (%(needed)s m² needed)") % {"needed": _m2(needed)}
        return Criterion("surface", NEAR if lead.land_needed else MISS, text)
    smallest = offer.surface_divisible_from or offer.surface
    values = {"surface": _m2(offer.surface), "needed": _m2(needed), "smallest": _m2(smallest)}
    text = _("surface %(surface)s m² for %(needed)s needed") % values
    if offer.surface < needed:
        return Criterion("surface", NEAR if offer.surface >= needed * CLOSE else MISS, text)
    if smallest <= needed * ROOMY:
        return Criterion("surface", FIT, text)
    text = _("smallest lot %(smallest)s m² for %(needed)s needed") % values
    return Criterion("surface", NEAR if smallest <= needed * 2 else MISS, text)


def _land(lead, offer):
    needed = lead.land_needed
    area = offer.surface if offer.offer_type == "land" else offer.land_area
    if not area:
        text = _("no land for %(needed)s m² needed") % {"needed": _m2(needed)}
        return Criterion("land", MISS, text)
    verdict = FIT if area >= needed else NEAR if area >= needed * CLOSE else MISS
    return Criterion(
        "land",
        verdict,
        _("land %(area)s m² for %(needed)s needed") % {"area": _m2(area), "needed": _m2(needed)},
    )


def _type(wanted, offer):
    label = offer.get_offer_type_display()
    if offer.offer_type == wanted:
        return Criterion("type", FIT, _("type %(type)s, as asked") % {"type": label})
    return Criterion("type", MISS, _("type %(type)s") % {"type": label})


def _budget(lead, offer):
    ceiling = BUDGET_MAX[lead.budget_range]
    budget = lead.get_budget_range_display()
    if offer.sale_price is None:
        if offer.rent is None:
            return None
        yearly = offer.rent * offer.surface
        return Criterion(
            "budget",
            FIT,
            _("for rent, about €%(yearly)s a year (budget %(budget)s)")
            % {"yearly": _m2(int(yearly)), "budget": budget},
        )
    values = {"price": _m2(int(offer.sale_price)), "budget": budget}
    if ceiling is None or offer.sale_price <= ceiling:
        return Criterion("budget", FIT, _("price €%(price)s, budget %(budget)s") % values)
    verdict = NEAR if offer.sale_price * CLOSE <= ceiling else MISS
    return Criterion("budget", verdict, _("price €%(price)s, budget %(budget)s") % values)


def _timeline(lead, offer, today):
    days = TIMELINE_DAYS[lead.timeline]
    timeline = lead.get_timeline_display()
    available = offer.available_from
    if available is None or available <= today:
        text = _("available now (%(timeline)s)") % {"timeline": timeline}
        return Criterion("timeline", FIT, text)
    values = {"date": available.strftime("%d/%m/%Y"), "timeline": timeline}
    if days is None or available <= today + datetime.timedelta(days=days):
        return Criterion("timeline", FIT, _("available %(date)s (%(timeline)s)") % values)
    late = available > today + datetime.timedelta(days=days + 92)
    return Criterion(
        "timeline", MISS if late else NEAR, _("available %(date)s (%(timeline)s)") % values
    )


def offer_criteria(lead, offer, *, wanted_type: str, today) -> list[Criterion]:
    """Every criterion the lead filled, checked against the offer."""
    checks = []
    if lead.surface_needed:
        checks.append(_surface(lead, offer))
    if lead.land_needed:
        checks.append(_land(lead, offer))
    if wanted_type:
        checks.append(_type(wanted_type, offer))
    if lead.budget_range in BUDGET_MAX:
        checks.append(_budget(lead, offer))
    if lead.timeline in TIMELINE_DAYS:
        checks.append(_timeline(lead, offer, today))
    return [check for check in checks if check is not None]  # None: neither price nor rent


def _wanted_type(lead) -> str:
    """The type of offer the lead asked about (an inquiry sent from an offer), if any."""
    offer = lead.offer if lead.offer_id else None
    return offer.offer_type if offer is not None else ""


def lead_offer_matches(lead, *, limit: int = LIMIT) -> list[Match]:
    """The ``limit`` best offers for the lead, best first (ties: nearest surface, newest).

    Two queries for the candidates (the homes, the offers with their view restrictions)
    whatever the number of offers; nothing when the lead asked for nothing measurable."""
    wanted = _wanted_type(lead)
    if not (lead.surface_needed or lead.land_needed or wanted or lead.budget_range):
        return []
    offers = territory_offers(lead)
    if lead.surface_needed:
        # A prefilter the database can use: too small by half is never a match.
        offers = offers.filter(Q(surface__gte=lead.surface_needed // 2) | Q(offer_type="land"))
    candidates = list(offers.order_by("-first_published_at", "-pk")[:CANDIDATES])
    today = timezone.localdate()
    matches = [
        Match(offer, offer_criteria(lead, offer, wanted_type=wanted, today=today))
        for offer in candidates
    ]
    matches = [match for match in matches if match.score > 0]
    needed = lead.surface_needed or 0
    matches.sort(key=lambda match: (-match.score, abs(match.offer.surface - needed)))
    return matches[:limit]


def offers_sendable(lead, ids) -> list | None:
    """The offers of these ids, each a live, public, available offer of the lead's
    territory in its language; None when any id is not one (another territory's, a draft,
    a sold one, garbage): nothing is sent then."""
    try:
        wanted = {int(value) for value in ids}
    except (TypeError, ValueError):
        return None
    if not wanted or len(wanted) > LIMIT * 2:
        return None
    offers = list(territory_offers(lead).filter(pk__in=wanted).order_by("surface", "pk"))
    return offers if len(offers) == len(wanted) else None
