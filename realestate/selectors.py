"""Reads of the offers: the public faceted search."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from .forms import SEARCH_FILTERS, OfferFilterForm
from .models import OfferPage, OfferStatus, OfferType, Transaction

PER_PAGE = 12
FEATURE_FILTERS = {
    "parking": Q(parking_spaces__gt=0),
    "fibre": Q(fibre=True),
    "rail": Q(rail_access=True),
    "port": Q(port_access=True),
    "icpe": Q(icpe=True),
    "docks": Q(loading_docks__gt=0),
}
SORTS = {
    "recent": ["-published_at", "-pk"],  # first_published_at, denormalised
    "surface": ["surface", "pk"],
    "-surface": ["-surface", "pk"],
    "rent": ["rent", "pk"],  # no rent (sale only) sorts last on PostgreSQL and SQLite alike
    "price": ["sale_price", "pk"],
}


@dataclass
class Facet:
    name: str
    options: list[dict] = field(default_factory=list)  # value, label, count, checked


@dataclass
class OfferSearch:
    form: OfferFilterForm
    results: PaginatorPage
    total: int
    facets: dict[str, Facet]
    ignored: list[str]
    querystring: str  # the search without its page, for pagination links


def _filters(values: dict) -> dict[str, Q]:
    """One Q per facet, so that each facet's counts can leave its own filter out."""
    today = timezone.localdate()
    q: dict[str, Q] = {}
    if values.get("type"):
        q["type"] = Q(offer_type__in=values["type"])
    transaction = values.get("transaction")
    if transaction:
        q["transaction"] = Q(transaction__in=[transaction, Transaction.BOTH])
    if values.get("commune"):
        q["commune"] = Q(commune_insee__in=values["commune"])
    ranges = Q()
    if values.get("surface_min") is not None:
        ranges &= Q(surface__gte=values["surface_min"])
    if values.get("surface_max") is not None:
        ranges &= Q(surface__lte=values["surface_max"])
    if values.get("rent_max") is not None:
        ranges &= Q(rent__lte=values["rent_max"])
    if values.get("price_max") is not None:
        ranges &= Q(sale_price__lte=values["price_max"])
    available = values.get("available")
    if available:
        months = {"now": 0, "3m": 3, "6m": 6}[available]
        until = today + datetime.timedelta(days=31 * months)
        ranges &= Q(available_from__isnull=True) | Q(available_from__lte=until)
    q["ranges"] = ranges
    features = Q()
    for name in values.get("feature") or []:
        features &= FEATURE_FILTERS[name]
    q["feature"] = features
    if not values.get("include_concluded"):
        q["status"] = ~Q(status=OfferStatus.CONCLUDED)
    return q


def _combine(filters: dict[str, Q], leave_out: str | None = None) -> Q:
    combined = Q()
    for name, condition in filters.items():
        if name != leave_out:
            combined &= condition
    return combined


def listed_offers(index) -> QuerySet:
    """The live, public children of the offer index ``index`` (what
    ``OfferPage.objects.live().public().child_of(index)`` gives), read from the offer table
    alone: its denormalised ``index_page`` and ``is_live`` (realestate/signals.py) instead of
    a path scan joined to the pages. One query, for the view restrictions that matter: one
    on the index or above hides every offer, one on an offer hides that offer."""
    ancestors = [index.path[:end] for end in range(Page.steplen, len(index.path) + 1, Page.steplen)]
    restricted = PageViewRestriction.objects.filter(
        Q(page__path__in=ancestors)
        | Q(page__path__startswith=index.path, page__depth=index.depth + 1)
    ).values_list("page_id", "page__path")
    offers = OfferPage.objects.filter(index_page=index, is_live=True)
    hidden = []
    for page_id, page_path in restricted:
        if page_path in ancestors:
            return offers.none()
        hidden.append(page_id)
    return offers.exclude(pk__in=hidden) if hidden else offers


def _asked_communes(params: QueryDict) -> list[str]:
    return [code for code in params.getlist("commune") if code][:200]


def _known_communes(offers: QuerySet, params: QueryDict) -> list:
    """The communes asked for that are the index's (the codes the form accepts)."""
    asked = _asked_communes(params)
    if not asked:
        return []
    return list(
        offers.filter(commune_insee__in=asked)
        .order_by()
        .values_list("commune_insee", "commune")
        .distinct()
    )


def _form(params: QueryDict, communes: list):
    """The filter form, validated, accepting the INSEE codes of ``communes``."""
    form = OfferFilterForm(params, type_choices=OfferType.choices, commune_choices=communes)
    values, ignored = form.valid_values()
    return form, values, ignored, _filters(values)


def _facet_counts(offers: QuerySet, filters: dict[str, Q]) -> dict:
    """Every count of the search in one query over the index's live offers: the total, each
    facet's counts (every filter but the facet's own) and every commune of the index.

    Grouped by (type, transaction, commune) — a few hundred groups at most — with one
    conditional count per facet (``COUNT(*) FILTER (WHERE …)`` on PostgreSQL, ``CASE`` on
    SQLite), summed here: one scan of the ``offer_search_facets`` index instead of one
    query per facet, plus one for the communes and one for the total."""
    aggregates = {"n_total": Count("pk", filter=_combine(filters))}
    for facet in ("type", "transaction", "commune"):
        if facet in filters:  # else the facet counts what the total counts
            aggregates[f"n_{facet}"] = Count("pk", filter=_combine(filters, facet))
    others = _combine(filters, "feature")
    for name, condition in FEATURE_FILTERS.items():
        aggregates[f"f_{name}"] = Count("pk", filter=others & condition)
    rows = (
        offers.order_by()
        .values("offer_type", "transaction", "commune_insee", "commune")
        .annotate(**aggregates)
    )
    counts = {
        "total": 0,
        "type": defaultdict(int),
        "transaction": defaultdict(int),
        "commune": defaultdict(int),
        "feature": dict.fromkeys(FEATURE_FILTERS, 0),
        "communes": set(),
    }
    for row in rows:
        counts["total"] += row["n_total"]
        counts["type"][row["offer_type"]] += row.get("n_type", row["n_total"])
        counts["transaction"][row["transaction"]] += row.get("n_transaction", row["n_total"])
        counts["commune"][row["commune_insee"]] += row.get("n_commune", row["n_total"])
        counts["communes"].add((row["commune_insee"], row["commune"]))
        for name in FEATURE_FILTERS:
            counts["feature"][name] += row[f"f_{name}"]
    # As the form lists them: by name, then code.
    counts["communes"] = sorted(counts["communes"], key=lambda pair: (pair[1], pair[0]))
    return counts


def offer_geojson(*, index, params: QueryDict, request) -> dict:
    """The offers of the search (``offer_search``'s filters, every page) that have
    coordinates, as a GeoJSON FeatureCollection; properties: ``t`` title, ``u`` URL, ``k``
    type (its code), ``s`` surface in m². A constant number of queries whatever the number
    of offers (two, three when the search names communes)."""
    offers = listed_offers(index)
    communes = _known_communes(offers, params)
    *_unused, filters = _form(params, communes)
    rows = (
        offers.filter(_combine(filters), latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("title", "slug", "offer_type", "surface", "latitude", "longitude")
    )
    base = index.get_url(request)  # offers are the index's children: base + slug + "/"
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"t": title, "u": f"{base}{slug}/", "k": kind, "s": surface},
        }
        for title, slug, kind, surface, lat, lon in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def offer_search(*, index, params: QueryDict) -> OfferSearch:
    """The live, public offers under ``index`` that match ``params`` (the search form's
    fields), one page of them, and the facets' counts: each facet counts the offers that
    match every other filter, so that ticking one of its options never shows zero results.

    Guarantees: invalid parameters are dropped (and named in ``ignored``), never an error;
    a page number past the end gives the last page; only ``index``'s children are searched,
    so another territory's offers never appear; a constant number of queries whatever the
    number of offers: the view restrictions, every count in one query (``_facet_counts``),
    the ids of one page of results then its offers, their photos and the photos' images;
    the counts once more when the search names a commune that is not the index's.
    """
    offers = listed_offers(index)
    # The communes the form accepts are the index's, which the counts list: first accept
    # every code asked for, then, if one is none of the index's, judge the search again.
    form, values, ignored, filters = _form(params, [(c, c) for c in _asked_communes(params)])
    counts = _facet_counts(offers, filters)
    communes = counts["communes"]
    if set(values.get("commune") or []) - {code for code, _name in communes}:
        form, values, ignored, filters = _form(params, communes)
        counts = _facet_counts(offers, filters)
    form.fields["commune"].choices = communes

    matching = offers.filter(_combine(filters))
    sort = SORTS.get(values.get("sort") or "recent")
    # The page's ids first, from the sort's index (deep pages skip index entries, not
    # offers joined to their pages), then those offers.
    paginator = Paginator(matching.order_by(*sort).values_list("pk", flat=True), PER_PAGE)
    paginator.count = counts["total"]  # known already: no COUNT query
    results = paginator.get_page(params.get("page"))
    ids = list(results.object_list)
    found = OfferPage.objects.filter(pk__in=ids).prefetch_related("photos__image") if ids else []
    rank = {pk: position for position, pk in enumerate(ids)}
    results.object_list = sorted(found, key=lambda offer: rank[offer.pk])

    by_type, by_commune = counts["type"], counts["commune"]
    by_transaction, feature_counts = counts["transaction"], counts["feature"]
    chosen_types = set(values.get("type") or [])
    chosen_communes = set(values.get("commune") or [])
    chosen_features = set(values.get("feature") or [])
    both = by_transaction.get(Transaction.BOTH, 0)
    facets = {
        "type": Facet(
            "type",
            [
                {
                    "value": v,
                    "label": label,
                    "count": by_type.get(v, 0),
                    "checked": v in chosen_types,
                }
                for v, label in OfferType.choices
            ],
        ),
        "commune": Facet(
            "commune",
            [
                {
                    "value": v,
                    "label": label,
                    "count": by_commune.get(v, 0),
                    "checked": v in chosen_communes,
                }
                for v, label in communes
            ],
        ),
        "transaction": Facet(
            "transaction",
            [
                {
                    "value": v,
                    "label": label,
                    "count": by_transaction.get(v, 0) + both,
                    "checked": values.get("transaction") == v,
                }
                for v, label in Transaction.choices[:2]
            ],
        ),
        "feature": Facet(
            "feature",
            [
                {
                    "value": v,
                    "label": label,
                    "count": feature_counts.get(v, 0),
                    "checked": v in chosen_features,
                }
                for v, label in OfferFilterForm.FEATURES
            ],
        ),
    }
    # The valid part of the search, for the pagination links and the map's data: what was
    # dropped is not carried along (nor echoed back).
    querystring = QueryDict(mutable=True)
    for name in form.fields:
        if name not in form.errors:
            querystring.setlist(name, [v for v in params.getlist(name) if v])
    return OfferSearch(
        form=form,
        results=results,
        total=paginator.count,
        facets=facets,
        ignored=ignored,
        querystring=querystring.urlencode(),
    )


def offer_search_normalise(*, index, params: QueryDict) -> tuple[str, list[str]]:
    """The search ``params`` as the search page itself would judge them, reduced to what
    says which offers match: known parameters only, values that clean (communes: those of
    ``index``'s offers), sorted, without sort or page. Returns the query string and the
    labels of what was dropped (as ``offer_search`` names them)."""
    offers = listed_offers(index)
    communes = _known_communes(offers, params)
    form, _values, ignored, _filters = _form(params, communes)
    normalised = QueryDict(mutable=True)
    for name in SEARCH_FILTERS:
        if name not in form.errors:
            kept = sorted({v for v in params.getlist(name) if v})
            if kept:
                normalised.setlist(name, kept)
    return normalised.urlencode(), ignored


def offer_matches(*, index, params: QueryDict) -> QuerySet:
    """The live, public offers under ``index`` that the search page lists for ``params``
    (every page of it, unordered): the same filters as ``offer_search``, for the saved
    searches' digest."""
    offers = listed_offers(index)
    communes = _known_communes(offers, params)
    *_unused, filters = _form(params, communes)
    return offers.filter(_combine(filters))


def offer_search_label(*, index, query: str) -> str:
    """A short name for a search, from its filters: "Bureau, Entrepôt · Lyon · from 200 m²"."""
    from django.utils.translation import gettext as _

    params = QueryDict(query)
    parts = []
    types = dict(OfferType.choices)
    chosen = [str(types[t]) for t in params.getlist("type") if t in types]
    if chosen:
        parts.append(", ".join(chosen))
    transaction = dict(Transaction.choices).get(params.get("transaction", ""))
    if transaction:
        parts.append(str(transaction))
    codes = params.getlist("commune")
    if codes:
        names = (
            OfferPage.objects.filter(index_page=index, commune_insee__in=codes)
            .order_by("commune")
            .values_list("commune", flat=True)
            .distinct()
        )
        parts.append(", ".join(names))
    if params.get("surface_min"):
        parts.append(_("from %(n)s m²") % {"n": params["surface_min"]})
    if params.get("surface_max"):
        parts.append(_("up to %(n)s m²") % {"n": params["surface_max"]})
    return " · ".join(part for part in parts if part)[:120] or _("All offers")
