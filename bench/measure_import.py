"""Offer import throughput, in-process (the worker's code path, ``offer_import_run``).

    DATABASE_URL=postgres://… .venv/bin/python bench/measure_import.py [--rows 2000] [--photos 3]

Against a migrated database (``manage.py migrate``): provisions a "Bench import" territory
once, then checks ``--rows`` new offers (check only: validated, nothing written), imports
them (CSV, each created and published by a moderator), and imports the same file again
(every row unchanged). ``--photos N``: each row also names N photos of a zip (the same N
images for every row: the first row brings them into the library). Wagtail's search and
reference index updates run in-process here (django-tasks' immediate backend: no REDIS_URL);
in production they go to the worker's "search" queue. Prints one JSON object: seconds and
rows per second of each pass, and the SQL queries per row of each. The offers stay (each
run uses new references); drop the database to start over.
"""

import argparse
import csv
import io
import json
import os
import sys
import time
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from realestate.imports import offer_import_run, parse_file  # noqa: E402
from realestate.models import OfferImport  # noqa: E402
from territories.models import Territory  # noqa: E402
from territories.services import territory_provision  # noqa: E402

HOST = "bench-import.localhost"


def moderator(territory):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        email="bench-import-moderator@example.org", defaults={"first_name": "Bench"}
    )
    user.groups.add(territory.group_for("Moderators"))
    return user


def content(rows: int, prefix: str, photos: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = ["reference", "title", "type", "transaction", "surface_m2", "rent_eur_m2_year",
               "summary", "commune", "commune_insee", "latitude", "longitude", "fibre",
               "contact_name", "contact_email"]  # fmt: skip
    cell = " | ".join(f"photo-{n}.png: Vue {n} du plateau" for n in range(photos))
    writer.writerow(columns + (["photos"] if photos else []))
    for i in range(rows):
        writer.writerow([f"{prefix}-{i:05d}", f"Bureaux {prefix} {i}", "office", "rent",
                         100 + i, "165,50", f"Plateau {i}", "Lyon", "69123", "45.76",
                         "4.85", "oui", "Bench", "bench@example.org"]
                        + ([cell] if photos else []))  # fmt: skip
    return buffer.getvalue().encode()


def photo_zip(photos: int, prefix: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(photos):
            picture = io.BytesIO()
            # New pixels on each run (the prefix): the first row adds them to the library.
            Image.new("RGB", (32, 24), (n, *prefix.encode()[:2])).save(picture, "PNG")
            archive.writestr(f"photo-{n}.png", picture.getvalue())
    return buffer.getvalue()


def run(territory, user, data: bytes, *, dry_run=False, photos: bytes = b"") -> dict:
    parsed = parse_file(data, name="bench.csv")
    item = OfferImport.objects.create(
        territory=territory,
        created_by=user,
        file=ContentFile(data, name="bench.csv"),
        file_name="bench.csv",
        format="csv",
        total=len(parsed.rows),
        dry_run=dry_run,
    )
    if photos:
        item.photos.save("photos.zip", ContentFile(photos), save=True)
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        item = offer_import_run(import_id=item.pk)
    seconds = time.perf_counter() - started
    counts = {name: getattr(item, name) for name in ("created", "updated", "unchanged", "rejected")}
    return {
        "seconds": round(seconds, 2),
        "rows_per_second": round(item.total / seconds, 1),
        "queries_per_row": round(queries[0] / item.total, 1),
        **counts,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--photos", type=int, default=0, help="photos named by each row")
    args = parser.parse_args()
    with scopes_disabled():
        territory = Territory.objects.filter(site__hostname=HOST).first() or territory_provision(
            name="Bench import", hostname=HOST, languages=["fr"]
        )
        user = moderator(territory)
        prefix = uuid.uuid4().hex[:6].upper()
        data = content(args.rows, prefix, args.photos)
        photos = photo_zip(args.photos, prefix) if args.photos else b""
        result = {
            "rows": args.rows,
            "photos_per_row": args.photos,
            "database": connection.vendor,
            "check_only": run(territory, user, data, dry_run=True, photos=photos),
            "create_and_publish": run(territory, user, data, photos=photos),
            "unchanged": run(territory, user, data, photos=photos),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
