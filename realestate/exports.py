"""A territory's live offers as open data: CSV, JSON and GeoJSON, one schema for all three
(docs/realestate.md, "Open data"). Read by other portals, so the column names are stable
and in English, values are plain (ISO dates, dot decimals, codes rather than labels)."""

import csv
import io
import json
from collections.abc import Iterator

from core.imports import csv_cell

from .models import OfferPage

SCHEMA_VERSION = "1"
# (column, what it holds): the order of the CSV columns and of the JSON keys.
FIELDS = [
    ("reference", "the territory's reference of the offer"),
    ("title", "title"),
    ("url", "the offer's page"),
    ("language", "language of the texts (fr, en)"),
    ("type", "office, premises, warehouse, retail, land, coworking, business_centre"),
    ("transaction", "rent, sale, both"),
    ("status", "available, under_offer, concluded"),
    ("surface_m2", "surface in m²"),
    ("divisible_from_m2", "smallest lot in m², empty if not divisible"),
    ("land_area_m2", "land area in m²"),
    ("sale_price_eur", "sale price in €"),
    ("rent_eur_m2_year", "rent in € per m² per year, excluding tax and charges"),
    ("charges_eur_m2_year", "charges in € per m² per year"),
    ("available_from", "ISO date; empty: available now"),
    ("address", "street address"),
    ("postcode", "postcode"),
    ("commune", "commune"),
    ("commune_insee", "the commune's INSEE code"),
    ("business_zone", "business zone"),
    ("latitude", "WGS 84"),
    ("longitude", "WGS 84"),
    ("parking_spaces", "number"),
    ("fibre", "true / false"),
    ("rail_access", "true / false"),
    ("port_access", "true / false"),
    ("icpe", "classified site for environmental protection, true / false"),
    ("power_kva", "electrical power in kVA"),
    ("ceiling_height_m", "ceiling height in m"),
    ("loading_docks", "number"),
    ("energy_class", "A to G"),
    ("summary", "summary"),
    ("contact_email", "the territory's contact for the offer"),
    ("last_published_at", "ISO date and time of the last publication"),
]
COLUMNS = [name for name, _description in FIELDS]


def live_offers(territory):
    """The territory's live, public offers, in every language of its site."""
    site_root = territory.site.root_page
    homes = site_root.get_translations(inclusive=True)
    offers = OfferPage.objects.none()
    for home in homes:
        offers |= OfferPage.objects.live().public().descendant_of(home)
    return offers.select_related("locale").order_by("locale__language_code", "reference", "pk")


def _number(value):
    return None if value is None else float(value)


def offer_row(offer: OfferPage, root_url: str) -> dict:
    return {
        "reference": offer.reference,
        "title": offer.title,
        "url": root_url + offer.get_url_parts()[2],
        "language": offer.locale.language_code,
        "type": offer.offer_type,
        "transaction": offer.transaction,
        "status": offer.status,
        "surface_m2": offer.surface,
        "divisible_from_m2": offer.surface_divisible_from,
        "land_area_m2": offer.land_area,
        "sale_price_eur": _number(offer.sale_price),
        "rent_eur_m2_year": _number(offer.rent),
        "charges_eur_m2_year": _number(offer.charges),
        "available_from": offer.available_from.isoformat() if offer.available_from else None,
        "address": offer.address,
        "postcode": offer.postcode,
        "commune": offer.commune,
        "commune_insee": offer.commune_insee,
        "business_zone": offer.business_zone,
        "latitude": _number(offer.latitude),
        "longitude": _number(offer.longitude),
        "parking_spaces": offer.parking_spaces,
        "fibre": offer.fibre,
        "rail_access": offer.rail_access,
        "port_access": offer.port_access,
        "icpe": offer.icpe,
        "power_kva": offer.power_kva,
        "ceiling_height_m": _number(offer.ceiling_height),
        "loading_docks": offer.loading_docks,
        "energy_class": offer.energy_class or None,
        "summary": offer.summary,
        "contact_email": offer.contact_email,
        "last_published_at": offer.last_published_at.isoformat()
        if offer.last_published_at
        else None,
    }


def rows(territory) -> Iterator[dict]:
    root_url = territory.root_url
    for offer in live_offers(territory).iterator(chunk_size=500):
        yield offer_row(offer, root_url)


def as_csv(territory) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    writer.writerow(COLUMNS)
    yield "\ufeff" + flush()  # a BOM: spreadsheets then read the file as UTF-8
    for row in rows(territory):
        writer.writerow([csv_cell(row[name]) for name in COLUMNS])
        yield flush()


def as_json(territory) -> dict:
    return {
        "schema": {"version": SCHEMA_VERSION, "fields": dict(FIELDS)},
        "territory": {"name": territory.name, "code": territory.official_code},
        "offers": list(rows(territory)),
    }


def as_geojson(territory) -> dict:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
            if row["latitude"] is not None
            else None,
            "properties": row,
        }
        for row in rows(territory)
    ]
    return {"type": "FeatureCollection", "features": features}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
