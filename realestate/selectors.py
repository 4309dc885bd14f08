"""Reads of the offers: the public faceted search."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from .forms import OfferFilterForm
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
    "recent": ["-first_published_at", "-pk"],
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


def _counts(queryset: QuerySet, column: str) -> dict[str, int]:
    rows = queryset.order_by().values_list(column).annotate(n=Count("pk"))
    return dict(rows)


def _search_filters(offers: QuerySet, params: QueryDict):
    communes = list(offers.order_by("commune").values_list("commune_insee", "commune").distinct())
    form = OfferFilterForm(params, type_choices=OfferType.choices, commune_choices=communes)
    values, ignored = form.valid_values()
    return form, communes, values, ignored, _filters(values)


def offer_geojson(*, index, params: QueryDict, request) -> dict:
    """The offers of the search (``offer_search``'s filters, every page) that have
    coordinates, as a GeoJSON FeatureCollection; properties: ``t`` title, ``u`` URL, ``k``
    type, ``s`` surface in m². A constant number of queries whatever the number of offers."""
    offers = OfferPage.objects.live().public().child_of(index)
    _form, _communes, _values, _ignored, filters = _search_filters(offers, params)
    rows = (
        offers.filter(_combine(filters), latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("title", "slug", "offer_type", "surface", "latitude", "longitude")
    )
    base = index.get_url(request)  # offers are the index's children: base + slug + "/"
    types = dict(OfferType.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"t": title, "u": f"{base}{slug}/", "k": str(types[kind]), "s": surface},
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
    number of offers (a count and a page of results, four facet counts, the photos).
    """
    offers = OfferPage.objects.live().public().child_of(index)
    form, communes, values, ignored, filters = _search_filters(offers, params)

    matching = offers.filter(_combine(filters))
    sort = SORTS.get(values.get("sort") or "recent")
    paginator = Paginator(matching.order_by(*sort).prefetch_related("photos__image"), PER_PAGE)
    results = paginator.get_page(params.get("page"))

    by_type = _counts(offers.filter(_combine(filters, "type")), "offer_type")
    by_commune = _counts(offers.filter(_combine(filters, "commune")), "commune_insee")
    by_transaction = _counts(offers.filter(_combine(filters, "transaction")), "transaction")
    feature_counts = _feature_counts(offers.filter(_combine(filters, "feature")))

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


def _feature_counts(queryset: QuerySet) -> dict[str, int]:
    """All the features' counts in one aggregate query."""
    aggregates = {
        name: Count("pk", filter=condition) for name, condition in FEATURE_FILTERS.items()
    }
    return queryset.order_by().aggregate(**aggregates)
