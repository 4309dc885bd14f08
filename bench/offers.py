"""Business property offers for the benchmark, in bulk: ``generate_offers`` tops the bench
territories' offer indexes up to a number of live offers.

    .venv/bin/python manage.py shell --no-imports -c \
        "from bench.offers import generate_offers; generate_offers(territories=10, offers=100_000)"

Territory *i* is bench/generate_data.py's ``bench-i.localhost`` (provisioned when missing);
each gets ``offers // territories`` offers under its French ``OfferIndexPage`` (the default
language's index; the English index stays empty). `make bench` calls it with
``BENCH_OFFERS_TERRITORIES`` and ``BENCH_OFFERS`` (bench/run.py).

One page at a time through treebeard's ``add_child`` costs a few milliseconds an offer (a
path look-up, two inserts, the parent's ``numchild``): an hour for a million. Here the rows
are computed and written in batches instead: ids from the page sequence, treebeard paths
from the index's path and the child's position (``Page._get_path``), ``url_path`` from the
index's, ``content_type`` OfferPage, live, published, no revision (what a visitor sees);
PostgreSQL gets them through ``COPY`` (wagtailcore_page, then realestate_offerpage), other
databases through ``executemany``. The index's ``numchild`` is set at the end of each batch.
The pages are real Wagtail pages: they route, render, and ``offer_search`` finds them.
Not done: search-index entries (the public search does not use them) and English versions.

Offers are drawn from a seeded generator, so a territory's offer *n* is the same whatever
the batch: types and transactions in market-like proportions, 25 communes per territory
with INSEE codes (a department per territory) and coordinates around its centre, the
largest commune taking the most offers, log-normal surfaces per type, rents and sale prices
from the surface, features, availability dates and statuses. Re-running only tops up.
"""

import datetime as dt
import math
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from bench.generate_data import bench_territory
from core.page_cache import purge_host
from realestate.models import OfferIndexPage, OfferPage

KEY_NAMESPACE = uuid.UUID("6f1c3a52-9d0e-4f7a-8b31-5e2d9c7a1b04")
BATCH = 20_000
COMMUNES_PER_TERRITORY = 25
# Departments of the bench territories, in order (territory i takes the i-th, cycling).
DEPARTMENTS = ["69", "33", "44", "31", "59", "67", "35", "13", "34", "38", "76", "63", "21"]
SYLLABLES = ["Bel", "Mont", "Ville", "Saint", "Roche", "Val", "Fleur", "Port", "Champ", "Bois"]
ENDINGS = ["-sur-Loire", "-les-Bains", "", "-la-Forêt", "", "-le-Haut", "", "-en-Vallée"]
# Share of offers, median surface (m²), rent (€/m²/year), sale price (€/m²), by type.
TYPES = {
    "office": (0.34, 350, 180, 2800),
    "premises": (0.22, 900, 75, 900),
    "warehouse": (0.16, 4000, 50, 650),
    "retail": (0.12, 160, 220, 3200),
    "land": (0.07, 8000, None, 60),
    "coworking": (0.05, 60, 320, None),
    "business_centre": (0.04, 500, 140, None),
}
TYPE_LABELS = {
    "office": "Bureaux",
    "premises": "Locaux d'activité",
    "warehouse": "Entrepôt",
    "retail": "Local commercial",
    "land": "Terrain",
    "coworking": "Espace de coworking",
    "business_centre": "Centre d'affaires",
}
ENERGY = ["A", "B", "C", "C", "D", "D", "D", "E", "E", "F", "G", ""]


def communes(territory_number: int) -> list[dict]:
    """The territory's communes: INSEE code, name, postcode, centre; the first is the main
    town (the most offers)."""
    rng = random.Random(f"communes-{territory_number}")
    department = DEPARTMENTS[(territory_number - 1) % len(DEPARTMENTS)]
    lat0 = 43.3 + ((territory_number * 0.73) % 6.0)
    lon0 = -1.0 + ((territory_number * 1.37) % 7.5)
    found, names = [], set()
    for k in range(COMMUNES_PER_TERRITORY):
        while True:
            name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower() + rng.choice(ENDINGS)
            if name not in names:
                names.add(name)
                break
        angle, radius = rng.uniform(0, 2 * math.pi), 0.0 if k == 0 else rng.uniform(0.05, 0.45)
        found.append(
            {
                "insee": f"{department}{(k * 37 + 1) % 1000:03d}",
                "name": name,
                "postcode": f"{department}{(k * 10) % 1000:03d}",
                "lat": lat0 + radius * math.sin(angle),
                "lon": lon0 + radius * math.cos(angle) * 1.4,
            }
        )
    return found


def _offer(rng: random.Random, number: int, places: list[dict], weights: list[float], now):
    kinds = list(TYPES)
    kind = rng.choices(kinds, weights=[TYPES[k][0] for k in kinds])[0]
    _share, median, rent_m2, price_m2 = TYPES[kind]
    surface = max(10, int(rng.lognormvariate(math.log(median), 0.7)))
    if rent_m2 is None:
        deal = "sale"
    elif price_m2 is None:
        deal = "rent"
    else:
        deal = rng.choices(["rent", "sale", "both"], weights=[0.6, 0.25, 0.15])[0]
    rent = round(rent_m2 * rng.uniform(0.7, 1.4), 0) if deal in ("rent", "both") else None
    price = (
        round(surface * price_m2 * rng.uniform(0.7, 1.4), -3) if deal in ("sale", "both") else None
    )
    place = rng.choices(places, weights=weights)[0]
    published = now - dt.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
    big = kind in ("warehouse", "premises", "land")
    status = rng.choices(["available", "under_offer", "concluded"], weights=[0.75, 0.1, 0.15])[0]
    located = rng.random() < 0.95
    return {
        "kind": kind,
        "title": f"{TYPE_LABELS[kind]} de {surface} m² à {place['name']}",
        "slug": f"offre-{number}",
        "published": published,
        "offer": {
            "reference": f"BN-{number:07d}",
            "offer_type": kind,
            "transaction": deal,
            "status": status,
            "summary": f"{TYPE_LABELS[kind]} de {surface} m², {place['name']}.",
            "description": "<p>Offre générée pour les mesures de performance.</p>",
            "surface": surface,
            "surface_divisible_from": surface // 4
            if surface > 400 and rng.random() < 0.3
            else None,
            "land_area": int(surface * rng.uniform(1.2, 3)) if big and rng.random() < 0.6 else None,
            "sale_price": price,
            "rent": rent,
            "charges": round(rng.uniform(10, 45), 0) if rent is not None else None,
            "available_from": (
                None
                if rng.random() < 0.6
                else (now + dt.timedelta(days=rng.randint(0, 365))).date()
            ),
            "address": f"{rng.randint(1, 250)} rue de l'Industrie",
            "postcode": place["postcode"],
            "commune": place["name"],
            "commune_insee": place["insee"],
            "business_zone": f"ZA {place['name']}" if rng.random() < 0.4 else "",
            "latitude": round(place["lat"] + rng.gauss(0, 0.02), 5) if located else None,
            "longitude": round(place["lon"] + rng.gauss(0, 0.03), 5) if located else None,
            "parking_spaces": rng.randint(1, 80) if rng.random() < 0.6 else 0,
            "fibre": rng.random() < 0.5,
            "rail_access": big and rng.random() < 0.06,
            "port_access": big and rng.random() < 0.02,
            "icpe": big and rng.random() < 0.25,
            "power_kva": rng.choice([36, 100, 250, 400, 1000]) if big else None,
            "ceiling_height": round(rng.uniform(6, 12), 1) if kind == "warehouse" else None,
            "loading_docks": rng.randint(1, 20) if kind == "warehouse" else 0,
            "energy_class": rng.choice(ENERGY),
            "contact_name": "Service immobilier d'entreprise",
            "contact_email": "immobilier@bench.localhost",
            "contact_phone": "04 00 00 00 00",
            "og_image_id": None,
            "floor_plan_id": None,
            "easy_read": "",
            "ecosystem_id": None,
        },
    }


def _next_step(index: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) + 1 if last else 1


def _ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) "
                "FROM generate_series(1, %s)",
                [count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _write(model, fields, rows: list[dict]) -> None:
    table = model._meta.db_table
    columns = [field.column for field in fields]
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[field.attname] for field in fields])
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [
                [field.get_db_prep_save(row[field.attname], connection) for field in fields]
                for row in rows
            ],
        )


def _add_offers(index: OfferIndexPage, territory, number: int, first: int, last: int) -> None:
    """Offers ``first``..``last`` (1-based numbers) of territory ``number`` under ``index``."""
    places = communes(number)
    weights = [1 / (k + 1) for k in range(len(places))]  # the main town first, Zipf-like
    content_type = ContentType.objects.get_for_model(OfferPage)
    page_fields = Page._meta.concrete_fields
    offer_fields = OfferPage._meta.local_concrete_fields
    now = timezone.now().replace(microsecond=0)
    step = _next_step(index)
    ids = _ids(last - first + 1)
    pages, offers = [], []
    for position, (pk, n) in enumerate(zip(ids, range(first, last + 1), strict=True)):
        rng = random.Random(f"{territory.slug}-{n}")
        drawn = _offer(rng, n, places, weights, now)
        pages.append(
            {
                "id": pk,
                "path": Page._get_path(index.path, index.depth + 1, step + position),
                "depth": index.depth + 1,
                "numchild": 0,
                "translation_key": uuid.uuid5(KEY_NAMESPACE, f"{territory.slug}:{n}"),
                "locale_id": index.locale_id,
                "latest_revision_id": None,
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": drawn["published"],
                "last_published_at": drawn["published"],
                "live_revision_id": None,
                "go_live_at": None,
                "expire_at": None,
                "expired": False,
                "locked": False,
                "locked_at": None,
                "locked_by_id": None,
                "title": drawn["title"],
                "draft_title": drawn["title"],
                "slug": drawn["slug"],
                "content_type_id": content_type.pk,
                "url_path": f"{index.url_path}{drawn['slug']}/",
                "owner_id": None,
                "latest_revision_created_at": None,
                "alias_of_id": None,
                "show_in_menus": False,
                "seo_title": "",
                "search_description": "",
            }
        )
        offers.append(
            {
                "page_ptr_id": pk,
                # The search's denormalised columns (realestate/signals.py sets them on save).
                "index_page_id": index.pk,
                "is_live": True,
                "published_at": drawn["published"],
                **drawn["offer"],
            }
        )
    _write(Page, page_fields, pages)
    _write(OfferPage, offer_fields, offers)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(pages))
    index.numchild += len(pages)


def offer_index(territory) -> OfferIndexPage:
    return OfferIndexPage.objects.descendant_of(territory.site.root_page).get(
        locale_id=territory.site.root_page.locale_id
    )


def generate_offers(*, territories: int = 10, offers: int = 100_000, log=print) -> dict:
    """Top up ``territories`` bench territories to ``offers // territories`` bench offers
    each; returns ``{hostname: offers}``. One transaction per batch of 20,000 offers.

    Raises ValueError for sizes out of range (1–1000 territories, 0–10,000,000 offers)."""
    if not 0 < territories <= 1000 or not 0 <= offers <= 10_000_000:
        raise ValueError("Use 1–1000 territories and 0–10,000,000 offers.")
    each = offers // territories
    made = {}
    for number in range(1, territories + 1):
        with transaction.atomic():
            territory = bench_territory(number)
        index = offer_index(territory)
        have = OfferPage.objects.child_of(index).filter(slug__startswith="offre-").count()
        started = time.monotonic()
        for first in range(have + 1, each + 1, BATCH):
            with transaction.atomic():
                _add_offers(index, territory, number, first, min(first + BATCH - 1, each))
        if each > have:
            purge_host(territory.site.hostname)
            log(
                f"{territory.root_url}/: {each - have} offers created in "
                f"{time.monotonic() - started:.1f} s ({each} in all)"
            )
        made[territory.site.hostname] = max(each, have)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Statistics for the planner, and the visibility map for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE wagtailcore_page")
            cursor.execute(f"VACUUM ANALYZE {OfferPage._meta.db_table}")
    return made
