"""Helpers of the company directory tests: SIRENE rows and files, running an import."""

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from attractiveness.company_imports import company_import_create
from attractiveness.models import CompanyImport

DEMO_DATA = Path(__file__).resolve().parents[2] / "demo" / "data"


def make_siret(n: int, *, nic: int = 1) -> str:
    siren = f"{50_000_000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}{nic:04d}"
    return body + luhn.calc_check_digit(body)


def sirene_row(n: int, **values) -> dict:
    siret = make_siret(n)
    return {
        "siren": siret[:9],
        "siret": siret,
        "activitePrincipaleEtablissement": "62.01Z",
        "trancheEffectifsEtablissement": "12",
        "codeCommuneEtablissement": "69123",
        "libelleCommuneEtablissement": "LYON",
        "codePostalEtablissement": "69007",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "DE GERLAND",
        "etatAdministratifEtablissement": "A",
        "etablissementSiege": "true",
        "denominationUsuelleEtablissement": f"Entreprise {n}",
        "enseigne1Etablissement": "",
        **values,
    }


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", columns=None) -> bytes:
    columns = columns or list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode(encoding)


def run_import(capture, territory, content: bytes, *, name="entreprises.csv", user=None):
    """Upload through the service; the outbox runs it on commit (eager Celery)."""
    with capture(execute=True):
        item = company_import_create(
            territory=territory, user=user, file=SimpleUploadedFile(name, content)
        )
    item.refresh_from_db()
    return item


def errors_of(item: CompanyImport, row: int) -> list[tuple[str, str]]:
    for entry in item.report:
        if entry["row"] == row:
            return [(e["column"], e["message"]) for e in entry.get("errors", [])]
    raise AssertionError(f"row {row} not in the report: {item.report}")
