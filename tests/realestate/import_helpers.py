"""Helpers of the offer import tests: files, zips, images, and running an import."""

import csv
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from realestate.imports import offer_import_create
from realestate.models import OfferImport

BASE_ROW = {
    "reference": "IMP-1",
    "title": "Bureaux Part-Dieu",
    "type": "office",
    "transaction": "rent",
    "surface_m2": "450",
    "rent_eur_m2_year": "180",
    "summary": "Plateau de bureaux lumineux",
    "commune": "Lyon",
    "commune_insee": "69123",
    "contact_name": "Julien Morel",
    "contact_email": "immobilier@example.org",
}


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", columns=None) -> bytes:
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)


def png(color=(200, 30, 30), size=(24, 16)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes(entries: dict, *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run_import(
    capture, tenant, content: bytes, *, name="offres.csv", user=None, photos=None, dry_run=False
) -> OfferImport:
    """Upload through the service and let the outbox run it on commit (eager Celery)."""
    zip_file = SimpleUploadedFile("photos.zip", photos) if photos is not None else None
    with capture(execute=True):
        item = offer_import_create(
            territory=tenant.territory,
            user=user,
            file=SimpleUploadedFile(name, content),
            photos=zip_file,
            dry_run=dry_run,
        )
    item.refresh_from_db()
    return item


def errors_of(item: OfferImport, row: int) -> list[tuple[str, str]]:
    for entry in item.report:
        if entry["row"] == row:
            return [(e["column"], e["message"]) for e in entry.get("errors", [])]
    raise AssertionError(f"row {row} not in the report: {item.report}")


def result_of(item: OfferImport, row: int) -> str:
    return next(entry["result"] for entry in item.report if entry["row"] == row)
