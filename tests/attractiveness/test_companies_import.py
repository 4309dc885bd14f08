"""The company import: SIRENE CSV (and its zip), "Recherche d'entreprises" JSON, upserts,
closed establishments, NAF mappings, and every hostile file and row."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from attractiveness import company_imports
from attractiveness.company_imports import ImportFileError, inspect, lambert93_to_wgs84
from attractiveness.models import Company, CompanyImport, NafMapping
from tests.factories.owned import OWNED_FACTORIES, _ecosystem

from .company_helpers import DEMO_DATA, csv_bytes, errors_of, make_siret, run_import, sirene_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_siret_and_siren_checksums():
    company = OWNED_FACTORIES[Company].build(territory=None)
    from attractiveness.companies import validate_siren, validate_siret

    validate_siret(make_siret(1))
    validate_siren(make_siret(1)[:9])
    wrong = make_siret(1)[:-1] + str((int(make_siret(1)[-1]) + 1) % 10)
    for value in (wrong, "1234", "ABCDEFGHIJKLMN", ""):
        with pytest.raises(ValidationError):
            validate_siret(value)
    with pytest.raises(ValidationError):
        validate_siren("123456789")
    company.siret, company.siren = make_siret(2), make_siret(3)[:9]
    with pytest.raises(ValidationError) as error:
        company.clean()
    assert "siren" in error.value.message_dict


def test_lambert93_conversion_matches_ign_reference():
    # Lambert-93's definition: its false origin (700 000, 6 600 000) is 46.5° N, 3° E.
    lat, lon = lambert93_to_wgs84(700000, 6600000)
    assert abs(lat - 46.5) < 1e-7 and abs(lon - 3) < 1e-9
    # And it inverts the forward projection (demo/company_samples.py) to the centimetre.
    from demo.company_samples import to_lambert93

    lat, lon = lambert93_to_wgs84(*to_lambert93(45.7676, 4.8361))
    assert abs(lat - 45.7676) < 1e-6 and abs(lon - 4.8361) < 1e-6


def test_the_demo_csv_imports_with_closed_establishments(two_territories, capture):
    own, other = two_territories
    item = run_import(
        capture, own.territory, (DEMO_DATA / "companies-confluences.csv").read_bytes()
    )
    assert (item.status, item.total, item.created, item.rejected) == ("done", 72, 72, 0)
    assert item.closed == 3
    companies = Company.objects.filter(territory=own.territory)
    assert companies.count() == 72 and companies.listed().count() == 69
    sample = companies.exclude(latitude=None).first()
    assert 45.6 < sample.latitude < 45.9 and 4.7 < sample.longitude < 5.0  # from Lambert-93
    assert sample.naf_label and sample.address.startswith(tuple("0123456789"))
    assert not Company.objects.filter(territory=other.territory).exists()


def test_reimport_is_idempotent_and_closure_leaves_the_directory(two_territories, capture):
    own, _other = two_territories
    rows = [sirene_row(1), sirene_row(2)]
    first = run_import(capture, own.territory, csv_bytes(rows))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = run_import(capture, own.territory, csv_bytes(rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Company.objects.filter(territory=own.territory).count() == 2

    closed = [sirene_row(1, etatAdministratifEtablissement="F"), sirene_row(2)]
    third = run_import(capture, own.territory, csv_bytes(closed))
    assert (third.updated, third.unchanged, third.closed) == (1, 1, 1)
    company = Company.objects.get(siret=make_siret(1))
    assert not company.active
    assert list(Company.objects.filter(territory=own.territory).listed()) == [
        Company.objects.get(siret=make_siret(2))
    ]


def test_an_update_keeps_what_editors_own(two_territories, capture):
    own, _other = two_territories
    run_import(capture, own.territory, csv_bytes([sirene_row(1)]))
    company = Company.objects.get(siret=make_siret(1))
    company.website, company.naf_label = "https://example.org", "Éditeur de logiciels"
    company.save()
    moved = sirene_row(
        1,
        codeCommuneEtablissement="69266",
        libelleCommuneEtablissement="VILLEURBANNE",
        codePostalEtablissement="69100",
        denominationUsuelleEtablissement="",
    )
    item = run_import(capture, own.territory, csv_bytes([moved]))
    company.refresh_from_db()
    assert item.updated == 1
    assert (company.commune, company.commune_insee) == ("Villeurbanne", "69266")
    assert company.name == "Entreprise 1"  # an empty name keeps the directory's
    assert company.website == "https://example.org" and company.naf_label == "Éditeur de logiciels"


def test_naf_mappings_add_filieres(two_territories, capture):
    own, _other = two_territories
    digital, health = _ecosystem(own.territory, "DIGI"), _ecosystem(own.territory, "HEAL")
    NafMapping.objects.create(territory=own.territory, code="62", ecosystem=digital)
    NafMapping.objects.create(territory=own.territory, code="21.20Z", ecosystem=health)
    rows = [sirene_row(1), sirene_row(2, activitePrincipaleEtablissement="2120Z")]
    run_import(capture, own.territory, csv_bytes(rows))
    assert list(Company.objects.get(siret=make_siret(1)).filieres.all()) == [digital]
    pharma = Company.objects.get(siret=make_siret(2))
    assert pharma.naf_code == "21.20Z" and list(pharma.filieres.all()) == [health]
    # A mapping added later reaches the companies at the next import (an update).
    NafMapping.objects.create(territory=own.territory, code="62.0", ecosystem=health)
    item = run_import(capture, own.territory, csv_bytes(rows))
    assert (item.updated, item.unchanged) == (1, 1)
    assert set(Company.objects.get(siret=make_siret(1)).filieres.all()) == {digital, health}


def test_the_api_json_imports_head_offices_and_establishments_once(two_territories, capture):
    own, _other = two_territories
    content = (DEMO_DATA / "companies-haut-vallon.json").read_bytes()
    item = run_import(capture, own.territory, content, name="entreprises.json")
    assert (item.status, item.format, item.created, item.rejected) == ("done", "json", 66, 0)
    assert item.closed == 2
    data = {
        "results": [
            {
                "siren": make_siret(5)[:9],
                "nom_complet": "ACME JURA",
                "activite_principale": "16.10A",
                "tranche_effectif_salarie": "11",
                "siege": {
                    "siret": make_siret(5),
                    "commune": "39478",
                    "code_postal": "39200",
                    "libelle_commune": "SAINT-CLAUDE",
                    "latitude": "46.38",
                    "longitude": "5.86",
                    "adresse": "1 RUE DU PRE 39200 SAINT-CLAUDE",
                    "etat_administratif": "A",
                },
                "matching_etablissements": [
                    {"siret": make_siret(5), "commune": "39478", "etat_administratif": "A"},
                    {
                        "siret": make_siret(5, nic=2),
                        "commune": "39097",
                        "libelle_commune": "CHAMPAGNOLE",
                        "etat_administratif": "A",
                        "est_siege": False,
                    },
                ],
            }
        ]
    }
    item = run_import(capture, own.territory, json.dumps(data).encode(), name="api.json")
    assert item.created == 2
    head = Company.objects.get(siret=make_siret(5))
    assert (
        head.is_head_office and head.commune == "Saint-Claude" and head.latitude == Decimal("46.38")
    )
    branch = Company.objects.get(siret=make_siret(5, nic=2))
    assert not branch.is_head_office and branch.name == "ACME JURA"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"siret,nom\r\n1,2\r\n", "Unknown column"),
        (csv_bytes([{"siret": make_siret(1)}]), "Missing column"),
        (csv_bytes([sirene_row(1)]).split(b"\r\n")[0] + b"\r\n", "no rows"),
        (csv_bytes([sirene_row(1)]).replace(b"\r\n", b',"x\r\n', 1), "cannot be read"),
        (
            b"siret,siret,activitePrincipaleEtablissement,codeCommuneEtablissement,"
            b"etatAdministratifEtablissement\r\n1,1,2,3,4\r\n",
            "twice",
        ),
        (b"{not json", "JSON cannot be read"),
        (b'{"answer": 42}', "Recherche d'entreprises"),
        (b"PK\x03\x04 broken", "zip"),
    ],
)
def test_files_refused_whole_leave_nothing(two_territories, content, message, capture):
    own, _other = two_territories
    name = "f.json" if content.startswith(b"{") else "f.csv"
    with pytest.raises(ImportFileError) as error:
        run_import(capture, own.territory, content, name=name)
    assert message in str(error.value)
    assert not CompanyImport.objects.exists() and not Company.objects.exists()


def test_size_and_row_caps(two_territories, capture, settings):
    own, _other = two_territories
    settings.TERRITORIA_COMPANY_IMPORT_MAX_ROWS = 3
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        run_import(capture, own.territory, csv_bytes([sirene_row(n) for n in range(4)]))
    settings.TERRITORIA_COMPANY_IMPORT_MAX_BYTES = 300
    with pytest.raises(ImportFileError, match="at most 300"):
        run_import(capture, own.territory, csv_bytes([sirene_row(n) for n in range(3)]))
    assert not Company.objects.exists()


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zipped_csv_and_zip_bombs(two_territories, capture):
    own, _other = two_territories
    item = run_import(
        capture,
        own.territory,
        _zip({"StockEtablissement.csv": csv_bytes([sirene_row(1), sirene_row(2)])}),
        name="stock.zip",
    )
    assert (item.format, item.created) == ("zip", 2)
    bomb = csv_bytes([sirene_row(1)]) + b"\r\n" * (8 * 1024 * 1024)
    with pytest.raises(ImportFileError, match="zip bomb"):
        run_import(capture, own.territory, _zip({"stock.csv": bomb}), name="stock.zip")
    with pytest.raises(ImportFileError, match="exactly one CSV"):
        run_import(capture, own.territory, _zip({"a.csv": b"x", "b.csv": b"y"}), name="s.zip")
    with pytest.raises(ImportFileError, match="exactly one CSV"):
        run_import(capture, own.territory, _zip({"../evil.exe": b"x"}), name="s.zip")
    assert Company.objects.count() == 2 and CompanyImport.objects.count() == 1


def test_latin1_bom_and_semicolons(two_territories, capture):
    own, _other = two_territories
    rows = [
        sirene_row(
            1,
            denominationUsuelleEtablissement="Fromagerie Comté Frères",
            libelleCommuneEtablissement="SAINT-ÉTIENNE",
        )
    ]
    latin = run_import(capture, own.territory, csv_bytes(rows, delimiter=";", encoding="latin-1"))
    assert latin.created == 1
    assert any("Windows-1252" in note for note in latin.notes)
    assert any(";" in note for note in latin.notes)  # (written in the territory's language)
    assert Company.objects.get().name == "Fromagerie Comté Frères"
    bom = run_import(capture, own.territory, b"\xef\xbb\xbf" + csv_bytes([sirene_row(2)]))
    assert bom.created == 1 and not bom.notes


def test_hostile_rows_are_rejected_with_their_row_and_reason(two_territories, capture):
    own, _other = two_territories
    bad_siret = make_siret(3)[:-1] + str((int(make_siret(3)[-1]) + 1) % 10)
    rows = [
        sirene_row(1, denominationUsuelleEtablissement='=HYPERLINK("http://evil.example","x")'),
        sirene_row(2, denominationUsuelleEtablissement="<script>alert(1)</script>\x00 Corp"),
        sirene_row(3, siret=bad_siret),
        sirene_row(4, activitePrincipaleEtablissement="NAF?"),
        sirene_row(5, trancheEffectifsEtablissement="99"),
        sirene_row(6, etatAdministratifEtablissement="X", codeCommuneEtablissement="Lyon"),
        sirene_row(7, siren="123456789"),
        sirene_row(1),  # the same SIRET again
        sirene_row(8, siret="=1+1"),
        sirene_row(9, denominationUsuelleEtablissement="", enseigne1Etablissement=""),
    ]
    item = run_import(capture, own.territory, csv_bytes(rows))
    assert (item.created, item.rejected) == (2, 8)
    assert errors_of(item, 4)[0][0] == "siret" and bad_siret in errors_of(item, 4)[0][1]
    assert errors_of(item, 5)[0][0] == "activitePrincipaleEtablissement"
    assert errors_of(item, 6)[0][0] == "trancheEffectifsEtablissement"
    assert {c for c, _m in errors_of(item, 7)} == {
        "etatAdministratifEtablissement",
        "codeCommuneEtablissement",
    }
    assert errors_of(item, 8)[0][0] == "siren"
    assert errors_of(item, 9)[0][0] == "siret" and " 2" in errors_of(item, 9)[0][1]
    assert errors_of(item, 11)[0][0] == "denominationUsuelleEtablissement"
    # Text stays text: the formula as typed, the tag as characters, the NUL gone.
    assert Company.objects.get(siret=make_siret(1)).name.startswith("=HYPERLINK(")
    assert Company.objects.get(siret=make_siret(2)).name == "<script>alert(1)</script> Corp"
    report = list(company_imports.report_rows(item))
    cells = [company_imports.export_cell(value) for row in report for value in row]
    assert "'=1+1" in cells and "=1+1" not in cells


def test_a_territory_imports_into_itself_only(two_territories, capture):
    own, other = two_territories
    theirs = OWNED_FACTORIES[Company](territory=other.territory, siret=make_siret(1), name="Theirs")
    item = run_import(capture, own.territory, csv_bytes([sirene_row(1)]))
    assert item.created == 1
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert Company.objects.filter(siret=make_siret(1)).count() == 2


def test_the_worker_inspects_the_stored_file_again(two_territories, capture):
    own, _other = two_territories
    item = CompanyImport.objects.create(
        territory=own.territory,
        file=SimpleUploadedFile("x.csv", b"siret\r\n1\r\n"),
        file_name="x.csv",
        format="csv",
    )
    company_imports.company_import_run(import_id=item.pk)
    item.refresh_from_db()
    assert item.status == "failed" and "etatAdministratifEtablissement" in item.error
    assert company_imports.company_import_run(import_id=item.pk) is None  # not claimed twice
    assert not Company.objects.exists()


def test_inspect_streams_a_large_file_without_writing(two_territories):
    rows = [sirene_row(n) for n in range(3000)]
    inspection = inspect(io.BytesIO(csv_bytes(rows)), name="big.csv")
    assert (inspection.rows, inspection.encoding) == (3000, "utf-8-sig")


def test_the_imports_fast_siret_check_agrees_with_stdnum():
    import random

    from stdnum.fr import siret as stdnum_siret

    rng = random.Random(14)
    numbers = [make_siret(n) for n in range(300)]
    numbers += [f"{rng.randrange(10**14):014d}" for _ in range(3000)]
    numbers += [f"356000000{rng.randrange(10**5):05d}" for _ in range(500)]  # La Poste
    numbers += ["35600000000048", "1234567890123", "1234567890123a", ""]
    assert any(stdnum_siret.is_valid(n) for n in numbers[300:3300])
    for number in numbers:
        assert company_imports.siret_is_valid(number) == stdnum_siret.is_valid(number), number
