"""Import of companies from INSEE's SIRENE establishment file (``StockEtablissement`` CSV,
possibly zipped) or the JSON of the "Recherche d'entreprises" API (docs/directory.md).

Guarantees:

- **The file whole, first.** ``inspect`` reads the whole file (streaming, never all of it
  in memory) before any row is written: size, zip (one CSV, ratio, declared and real
  sizes), encoding (UTF-8 with or without BOM, else Windows-1252/Latin-1, said in the
  notes), CSV syntax, columns, number of rows. A file refused there leaves nothing behind;
  the worker inspects it again before writing.
- **Idempotent upsert by SIRET** within the importing territory only: a row that changes
  nothing is *unchanged*; a closed establishment (``etatAdministratif`` F) is kept, marked
  closed, and leaves the public directory. The territory's NAF mappings add filières.
- **Each row whole or not at all**: every value is checked (SIRET checksum, SIREN, NAF
  code, headcount band, INSEE code, coordinates) before the row is written; a rejected row
  is reported with its row number, the column and the reason.
- **Flat memory, bulk writes**: rows are read and written in batches of ``BATCH`` (one
  lookup of plain values, one bulk insert, one upsert on (territory, SIRET) of the changed
  columns, one insert of filière links a batch), the progress committed after each.
"""

import csv
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import imports as core_imports
from core.imports import CONTROL, ImportFileError, queue_import, run_import
from core.imports import csv_cell as export_cell
from core.page_cache import purge_host
from territories.tenancy import territory_scope

from .companies import (
    NAF_CODE,
    Company,
    CompanyImport,
    HeadcountBand,
    NafMapping,
    normalise_naf,
)
from .naf import naf_label

BATCH = 1000  # rows per lookup, bulk write and progress commit
REPORT_ACCEPTED_UP_TO = 10_000  # files this small list their accepted rows in the report too
REPORT_MAX_PROBLEMS = 10_000

__all__ = ["ImportFileError", "export_cell"]  # core.imports': named here too


def max_file_bytes() -> int:
    return settings.TERRITORIA_COMPANY_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.TERRITORIA_COMPANY_IMPORT_MAX_ROWS


# --- Columns ------------------------------------------------------------------------------

# The columns of INSEE's StockEtablissement file: any of them may be present (the full file
# has them all); those below in READ are the ones the directory reads.
SIRENE_COLUMNS = {
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement", "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement",
    "codeCommuneEtablissement", "codeCedexEtablissement", "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "complementAdresse2Etablissement",
    "numeroVoie2Etablissement", "indiceRepetition2Etablissement", "typeVoie2Etablissement",
    "libelleVoie2Etablissement", "codePostal2Etablissement", "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement", "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement", "codeCedex2Etablissement", "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement", "dateDebut",
    "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
}  # fmt: skip
# Not SIRENE's, accepted: WGS 84 coordinates (a geocoded extract), the legal unit's name
# (StockUniteLegale's, joined by the one who made the extract).
EXTRA_COLUMNS = {"latitude", "longitude", "denominationUniteLegale"}
KNOWN_COLUMNS = SIRENE_COLUMNS | EXTRA_COLUMNS
REQUIRED_COLUMNS = [
    "siret",
    "activitePrincipaleEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
]

# The fields an import writes; the others (website, logo, filières picked by hand) are the
# editors' and kept.
IMPORTED_FIELDS = [
    "siren", "name", "naf_code", "naf_label", "headcount_band", "is_head_office", "address",
    "postcode", "commune", "commune_insee", "latitude", "longitude", "active",
]  # fmt: skip


# --- Values -------------------------------------------------------------------------------

INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"^\d{5}$")
NOT_DISCLOSED = "[ND]"  # SIRENE's mark for a value its owner asked not to publish
BANDS = {value for value, _label in HeadcountBand.choices}


def text(value, limit: int = 200) -> str:
    """One line of plain text: control characters and runs of spaces gone, SIRENE's
    ``[ND]`` empty, at most ``limit`` characters. Markup stays text (templates escape)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_("Expected text."))
    line = " ".join(str(value).translate(CONTROL).split())
    return "" if line == NOT_DISCLOSED else line[:limit]


DIGITS14 = re.compile(r"^\d{14}$")
LA_POSTE = "356000000"  # La Poste's establishments: the digits' sum is a multiple of 5
LA_POSTE_HEAD_OFFICE = "35600000000048"  # …except its head office, a plain Luhn number


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = ord(char) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_is_valid(value: str) -> bool:
    """``stdnum.fr.siret.is_valid`` for 14 digits, twenty times faster (it is called once a
    row): the SIREN's and the SIRET's Luhn checksums, and La Poste's rule. The model's
    validator is stdnum's own; tests/attractiveness/test_companies_import.py checks that the
    two agree."""
    if not DIGITS14.match(value):
        return False
    if not _luhn_ok(value[:9]):
        return False
    if value.startswith(LA_POSTE) and value != LA_POSTE_HEAD_OFFICE:
        return sum(ord(c) - 48 for c in value) % 5 == 0
    return _luhn_ok(value)


def parse_coordinate(value, low: float, high: float) -> Decimal | None:
    raw = text(value, 40).replace(",", ".")
    if not raw:
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("Expected a number, e.g. 45.76.")) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValueError(_("Out of range (%(low)s to %(high)s).") % {"low": low, "high": high})
    return number.quantize(Decimal("0.00001"))


# Lambert-93 (EPSG:2154, IGN's constants) to WGS 84 latitude/longitude: SIRENE gives
# metropolitan establishments' positions in Lambert-93.
_L93 = {"n": 0.7256077650, "c": 11754255.426, "xs": 700000.0, "ys": 12655612.050}
_E = 0.08181919106  # GRS 80 (WGS 84 differs by less than a millimetre here)
_LON0 = math.radians(3.0)


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    n, c, xs, ys = _L93["n"], _L93["c"], _L93["xs"], _L93["ys"]
    r = math.hypot(x - xs, y - ys)
    gamma = math.atan((x - xs) / (ys - y))
    longitude = _LON0 + gamma / n
    isometric = -1 / n * math.log(abs(r / c))
    latitude = 2 * math.atan(math.exp(isometric)) - math.pi / 2
    for _i in range(20):
        sin = _E * math.sin(latitude)
        nxt = 2 * math.atan(((1 + sin) / (1 - sin)) ** (_E / 2) * math.exp(isometric)) - math.pi / 2
        if abs(nxt - latitude) < 1e-11:
            latitude = nxt
            break
        latitude = nxt
    return math.degrees(latitude), math.degrees(longitude)


def _lambert(x_raw, y_raw) -> tuple[Decimal, Decimal] | None:
    x_text, y_text = text(x_raw, 40).replace(",", "."), text(y_raw, 40).replace(",", ".")
    if not x_text or not y_text:
        return None
    try:
        x, y = float(x_text), float(y_text)
    except ValueError:
        raise ValueError(_("Expected Lambert-93 coordinates in metres.")) from None
    # Metropolitan France in Lambert-93 (overseas establishments use other projections).
    if not (50_000 <= x <= 1_300_000 and 6_000_000 <= y <= 7_200_000):
        raise ValueError(_("Outside metropolitan France's Lambert-93 extent."))
    lat, lon = lambert93_to_wgs84(x, y)
    q = Decimal("0.00001")
    return Decimal(str(round(lat, 5))).quantize(q), Decimal(str(round(lon, 5))).quantize(q)


# --- Reading the file ---------------------------------------------------------------------


@dataclass
class Inspection:
    format: str  # csv, zip, json
    encoding: str  # utf-8-sig, cp1252, latin-1 (JSON: utf-8-sig)
    rows: int
    notes: list[str] = field(default_factory=list)
    delimiter: str = ","


def open_source(fileobj, name: str):
    """``(format, binary stream of the CSV or JSON)``: a zip's one CSV entry, checked
    (``core.imports.open_source``)."""
    return core_imports.open_source(fileobj, name, max_bytes=max_file_bytes())


def _columns(header: list[str]) -> list[str]:
    columns = [cell.strip() for cell in header]
    unknown = [c for c in columns if c not in KNOWN_COLUMNS]
    if unknown:
        raise ImportFileError(
            _(
                "Unknown column(s): %(unknown)s. The file must have the columns of INSEE's "
                "StockEtablissement (at least %(required)s)."
            )
            % {"unknown": ", ".join(text(c, 60) for c in unknown[:10]),
               "required": ", ".join(REQUIRED_COLUMNS)}
        )  # fmt: skip
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ImportFileError(_("Missing column(s): %(c)s.") % {"c": ", ".join(missing)})
    core_imports.check_no_duplicate_columns(columns)
    return columns


def _csv_error(reader, error) -> ImportFileError:
    return ImportFileError(
        _("The CSV cannot be read at line %(line)d: %(error)s.")
        % {"line": reader.line_num, "error": error}
    )


def _too_many(count: int) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)d rows; split it.") % {"max": max_rows()}
    )


def inspect(fileobj, *, name: str = "") -> Inspection:
    """Read the whole file once and say whether it can be imported; ``ImportFileError``
    with the reason otherwise. Nothing is written."""
    notes: list[str] = []
    with open_source(fileobj, name) as (fmt, stream):
        if fmt == "json":
            data = _load_json(stream)
            rows = sum(1 for _row in _json_rows(data))
            if rows > max_rows():
                raise _too_many(rows)
            if not rows:
                raise ImportFileError(_("The file holds no establishment."))
            return Inspection("json", "utf-8-sig", rows, notes)
        encoding = core_imports.detect_encoding(stream)
    core_imports.note_encoding(encoding, notes)
    with open_source(fileobj, name) as (_fmt, stream):
        reader, delimiter = core_imports.csv_reader(stream, encoding)
        rows = 0
        try:
            header = next(reader, None)
            if header is None or not any(cell.strip() for cell in header):
                raise ImportFileError(_("The file is empty."))
            width = len(_columns(header))
            for record in reader:
                if len(record) > width and any(cell.strip() for cell in record[width:]):
                    raise ImportFileError(
                        _("Line %(line)d has more cells than the header has columns.")
                        % {"line": reader.line_num}
                    )
                rows += 1
                if rows > max_rows():
                    raise _too_many(rows)
        except csv.Error as error:
            raise _csv_error(reader, error) from None
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."))
    core_imports.note_delimiter(delimiter, notes)
    return Inspection(fmt, encoding, rows, notes, delimiter)


def _load_json(stream):
    data = stream.read(max_file_bytes() + 1)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(_("A JSON file must be UTF-8.")) from None
    except (json.JSONDecodeError, RecursionError) as error:
        message = getattr(error, "msg", "too deeply nested")
        raise ImportFileError(_("The JSON cannot be read: %(e)s.") % {"e": message}) from None


def _json_rows(data) -> Iterator[tuple[int, dict]]:
    """``(number, row)`` for each establishment of a "Recherche d'entreprises" answer (or a
    list of answers, or a list of its results): the head office, then the matching
    establishments, once each. ``number`` is the company's position from 1."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        results = data["results"]
    elif (
        isinstance(data, list)
        and all(isinstance(item, dict) and isinstance(item.get("results"), list) for item in data)
        and data
    ):
        results = [r for page in data for r in page["results"]]
    elif isinstance(data, list):
        results = data
    else:
        raise ImportFileError(
            _('The JSON must be an answer of the "Recherche d\'entreprises" API: {"results": […]}.')
        )
    for number, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            yield number, {"__error__": _("Each result must be a JSON object.")}
            continue
        seen = set()
        places = [result.get("siege")]
        matching = result.get("matching_etablissements")
        if isinstance(matching, list):
            places += matching
        for place in places:
            if place is None:
                continue
            if not isinstance(place, dict):
                yield number, {"__error__": _("An establishment must be a JSON object.")}
                continue
            siret = place.get("siret")
            if isinstance(siret, str) and siret in seen:
                continue
            seen.add(siret if isinstance(siret, str) else id(place))
            yield number, _json_row(result, place)


def _json_row(result: dict, place: dict) -> dict:
    siege = result.get("siege") if isinstance(result.get("siege"), dict) else {}
    is_siege = place.get("est_siege")
    if is_siege is None:
        is_siege = place is siege or place.get("siret") == siege.get("siret")
    return {
        "siret": place.get("siret"),
        "siren": result.get("siren"),
        "name": result.get("nom_complet") or result.get("nom_raison_sociale"),
        "naf": place.get("activite_principale") or result.get("activite_principale"),
        "band": place.get("tranche_effectif_salarie")
        if "tranche_effectif_salarie" in place
        else result.get("tranche_effectif_salarie"),
        "insee": place.get("commune"),
        "commune": place.get("libelle_commune"),
        "postcode": place.get("code_postal"),
        "address": place.get("adresse"),
        "state": place.get("etat_administratif"),
        "head_office": bool(is_siege),
        "latitude": place.get("latitude"),
        "longitude": place.get("longitude"),
    }


def _csv_row(record: dict) -> dict:
    street = " ".join(
        part
        for part in (
            text(record.get("numeroVoieEtablissement"), 10),
            text(record.get("indiceRepetitionEtablissement"), 5),
            _street_type(text(record.get("typeVoieEtablissement"), 10)),
            text(record.get("libelleVoieEtablissement"), 150),
        )
        if part
    )
    name = (
        record.get("denominationUsuelleEtablissement")
        or record.get("enseigne1Etablissement")
        or record.get("denominationUniteLegale")
    )
    return {
        "siret": record.get("siret"),
        "siren": record.get("siren"),
        "name": name,
        "naf": record.get("activitePrincipaleEtablissement"),
        "band": record.get("trancheEffectifsEtablissement"),
        "insee": record.get("codeCommuneEtablissement"),
        "commune": record.get("libelleCommuneEtablissement"),
        "postcode": record.get("codePostalEtablissement"),
        "address": street,
        "state": record.get("etatAdministratifEtablissement"),
        "head_office": record.get("etablissementSiege"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "lambert_x": record.get("coordonneeLambertAbscisseEtablissement"),
        "lambert_y": record.get("coordonneeLambertOrdonneeEtablissement"),
    }


# SIRENE abbreviates the type of street (typeVoie): the directory spells it out.
STREET_TYPES = {
    "AV": "avenue", "BD": "boulevard", "CHE": "chemin", "ALL": "allée", "IMP": "impasse",
    "PL": "place", "QUA": "quai", "RTE": "route", "RUE": "rue", "ZA": "ZA", "ZI": "ZI",
    "CRS": "cours", "PRO": "promenade", "SQ": "square", "FG": "faubourg", "PAS": "passage",
}  # fmt: skip


def _street_type(code: str) -> str:
    return STREET_TYPES.get(code.upper(), code.lower()) if code else ""


def iter_rows(fileobj, inspection: Inspection, *, name: str = "") -> Iterator[tuple[int, dict]]:
    """Every row of an inspected file as ``(row number, normalised row)``, streaming."""
    with open_source(fileobj, name) as (fmt, stream):
        if fmt == "json":
            yield from _json_rows(_load_json(stream))
            return
        reader, _d = core_imports.csv_reader(stream, inspection.encoding, inspection.delimiter)
        columns = [c.strip() for c in next(reader)]
        try:
            for record in reader:
                if not any(cell.strip() for cell in record):
                    continue
                yield reader.line_num, _csv_row(dict(zip(columns, record, strict=False)))
        except csv.Error as error:
            raise _csv_error(reader, error) from None


# --- Rows ---------------------------------------------------------------------------------


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value, 10).lower()
    if raw in ("true", "1", "oui", "o", "vrai", "yes"):
        return True
    if raw in ("false", "0", "non", "n", "faux", "no", ""):
        return False
    raise ValueError(_("Expected true or false."))


def parse_row(row: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The Company fields of one row, and its errors as ``(column, message)``."""
    errors: list[tuple[str, str]] = []
    values: dict = {}

    def take(column, parse):
        try:
            return parse()
        except ValueError as error:
            errors.append((column, str(error)))
            return None

    siret = take("siret", lambda: re.sub(r"[\s\u00a0]", "", text(row.get("siret"), 40)))
    if siret is not None:
        if not siret:
            errors.append(("siret", _("A SIRET is required.")))
        elif not siret_is_valid(siret):
            errors.append(("siret", _("“%(v)s” is not a valid SIRET (14 digits, checksum).")
                           % {"v": siret[:20]}))  # fmt: skip
        else:
            values["siret"] = siret
            values["siren"] = siret[:9]
    siren = take("siren", lambda: re.sub(r"\s", "", text(row.get("siren"), 20)))
    if siren and "siret" in values and siren != values["siren"]:
        errors.append(("siren", _("The SIREN is not the start of the SIRET.")))
    name = take("name", lambda: text(row.get("name"), 200))
    if name is not None:
        values["name"] = name  # may be empty: kept from the directory on an update
    naf = take("activitePrincipaleEtablissement", lambda: normalise_naf(text(row.get("naf"), 10)))
    if naf is not None:
        if not NAF_CODE.fullmatch(naf):
            errors.append(("activitePrincipaleEtablissement",
                           _("Expected a NAF code such as 62.01Z.")))  # fmt: skip
        else:
            values["naf_code"] = naf
            values["naf_label"] = naf_label(naf)
    band = take("trancheEffectifsEtablissement", lambda: text(row.get("band"), 5).upper() or "NN")
    if band is not None:
        if band not in BANDS:
            message = _("Unknown headcount band: expected an INSEE code (NN, 00, 01 … 53).")
            errors.append(("trancheEffectifsEtablissement", message))
        else:
            values["headcount_band"] = band
    insee = take("codeCommuneEtablissement", lambda: text(row.get("insee"), 10).upper())
    if insee is not None:
        if not INSEE.fullmatch(insee):
            errors.append(("codeCommuneEtablissement",
                           _("Expected an INSEE commune code, e.g. 69123 or 2A004.")))  # fmt: skip
        else:
            values["commune_insee"] = insee
    postcode = take("codePostalEtablissement", lambda: text(row.get("postcode"), 10))
    if postcode and not POSTCODE.fullmatch(postcode):
        errors.append(("codePostalEtablissement", _("Expected a five-digit postcode.")))
    elif postcode is not None:
        values["postcode"] = postcode
    commune = take("libelleCommuneEtablissement", lambda: text(row.get("commune"), 100))
    if commune is not None:
        values["commune"] = commune.title() if commune.isupper() else commune
    address = take("libelleVoieEtablissement", lambda: text(row.get("address"), 255))
    if address is not None:
        values["address"] = address
    state = take("etatAdministratifEtablissement", lambda: text(row.get("state"), 5).upper())
    if state is not None:
        if state not in ("A", "F"):
            errors.append(("etatAdministratifEtablissement",
                           _("Expected A (open) or F (closed).")))  # fmt: skip
        else:
            values["active"] = state == "A"
    head = take("etablissementSiege", lambda: _flag(row.get("head_office")))
    if head is not None:
        values["is_head_office"] = head
    latitude = take("latitude", lambda: parse_coordinate(row.get("latitude"), -90, 90))
    longitude = take("longitude", lambda: parse_coordinate(row.get("longitude"), -180, 180))
    if latitude is None and longitude is None and not any(c in ("latitude", "longitude")
                                                           for c, _m in errors):  # fmt: skip
        point = take(
            "coordonneeLambertAbscisseEtablissement",
            lambda: _lambert(row.get("lambert_x"), row.get("lambert_y")),
        )
        if point:
            latitude, longitude = point
    elif (latitude is None) != (longitude is None):
        errors.append(("longitude", _("Give both coordinates, or neither.")))
    values["latitude"], values["longitude"] = latitude, longitude
    return values, errors


# --- The run ------------------------------------------------------------------------------


@dataclass
class Run:
    company_import: CompanyImport
    mappings: list[tuple[str, int]]  # (NAF prefix, ecosystem id), of the territory
    seen: dict = field(default_factory=dict)  # siret -> row number
    report: list = field(default_factory=list)
    problems: int = 0
    counts: dict = field(default_factory=dict)

    def filieres_for(self, naf_code: str) -> set[int]:
        return {eco for prefix, eco in self.mappings if naf_code.startswith(prefix)}

    def add(self, entry: dict) -> None:
        self.counts[entry["result"]] = self.counts.get(entry["result"], 0) + 1
        if entry.get("errors"):
            self.problems += 1
            if self.problems <= REPORT_MAX_PROBLEMS:
                self.report.append(entry)
        elif self.company_import.total <= REPORT_ACCEPTED_UP_TO:
            self.report.append(entry)


COUNTERS = ("created", "updated", "unchanged", "rejected")


def _rejected(number, siret, errors) -> dict:
    return {
        "row": number,
        "siret": siret,
        "result": "rejected",
        "errors": [{"column": c, "message": m} for c, m in errors],
    }


def _write_batch(run: Run, batch: list[tuple[int, dict]]) -> None:
    territory = run.company_import.territory
    parsed = []
    for number, row in batch:
        if "__error__" in row:
            run.add(_rejected(number, "", [("", row["__error__"])]))
            continue
        values, errors = parse_row(row)
        siret = values.get("siret", "")
        if not errors and siret in run.seen:
            errors = [("siret", _("Same SIRET as row %(row)d.") % {"row": run.seen[siret]})]
        if errors:
            run.add(_rejected(number, siret or text(row.get("siret"), 20), errors))
            continue
        run.seen[siret] = number
        parsed.append((number, values))
    # The companies already there, as plain values (no model instances: a tenth of the
    # time), without the default ordering's sort.
    existing = {
        current["siret"]: current
        for current in Company.objects.filter(
            territory=territory, siret__in=[v["siret"] for _n, v in parsed]
        )
        .order_by()
        .values("pk", "siret", *IMPORTED_FIELDS)
    }
    links = set(
        Company.filieres.through.objects.filter(
            company_id__in=[c["pk"] for c in existing.values()]
        ).values_list("company_id", "ecosystempage_id")
    )
    new, changed, entries, wanted = [], [], [], []
    changed_fields: set[str] = set()
    for number, values in parsed:
        current = existing.get(values["siret"])
        if current is None:
            if not values.get("name"):
                run.add(_rejected(number, values["siret"],
                                  [("denominationUsuelleEtablissement",
                                    _("A name is required to add a company."))]))  # fmt: skip
                continue
            company = Company(territory=territory, **values)
            new.append(company)
            entries.append((number, company, values, "created"))
            continue
        if not values.get("name"):
            values["name"] = current["name"]
        if values["naf_code"] == current["naf_code"] and current["naf_label"]:
            values["naf_label"] = current["naf_label"]  # an editor's wording stays
        diff = [name for name in IMPORTED_FIELDS if current[name] != values[name]]
        if diff:
            changed_fields.update(diff)
            changed.append(Company(pk=current["pk"], territory=territory, **values))
        entries.append((number, current["pk"], values, "updated" if diff else "unchanged"))
    # parse_row has checked every value against the model's own rules (lengths, SIRET, NAF,
    # INSEE code, coordinates): no full_clean per row, which would double the import's time.
    with transaction.atomic():
        Company.objects.bulk_create(new, batch_size=500)
        if changed:
            # One upsert on (territory, SIRET) writing only the columns that changed in this
            # batch (and updated_at): the editors' columns (website, logo, filières) and
            # created_at stay. A bulk_update's CASE per column was ten times slower.
            Company.objects.bulk_create(
                changed,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["territory", "siret"],
                update_fields=[*sorted(changed_fields), "updated_at"],
            )
        for number, ref, values, result in entries:
            pk = ref.pk if isinstance(ref, Company) else ref
            for ecosystem_id in run.filieres_for(values["naf_code"]):
                if (pk, ecosystem_id) not in links:
                    wanted.append(
                        Company.filieres.through(company_id=pk, ecosystempage_id=ecosystem_id)
                    )
                    if result == "unchanged":
                        result = "updated"
            entry = {"row": number, "siret": values["siret"], "result": result}
            if not values["active"]:
                entry["closed"] = True
                run.counts["closed"] = run.counts.get("closed", 0) + 1
            run.add(entry)
        Company.filieres.through.objects.bulk_create(wanted, ignore_conflicts=True)
        CompanyImport.objects.filter(pk=run.company_import.pk).update(
            processed=sum(run.counts.get(name, 0) for name in COUNTERS),
            updated_at=timezone.now(),
            **{name: run.counts.get(name, 0) for name in (*COUNTERS, "closed")},
        )


def _run(company_import: CompanyImport) -> None:
    territory = company_import.territory
    with company_import.file.open("rb") as f:
        inspection = inspect(f, name=company_import.file_name)  # again: the file as stored
        CompanyImport.objects.filter(pk=company_import.pk).update(
            total=inspection.rows, notes=inspection.notes
        )
        company_import.total = inspection.rows
        mappings = list(
            NafMapping.objects.filter(territory=territory).values_list("code", "ecosystem_id")
        )
        run = Run(company_import=company_import, mappings=mappings)
        batch = []
        for number, row in iter_rows(f, inspection, name=company_import.file_name):
            batch.append((number, row))
            if len(batch) == BATCH:
                _write_batch(run, batch)
                batch = []
        if batch:
            _write_batch(run, batch)
    if run.problems > REPORT_MAX_PROBLEMS:
        inspection.notes.append(
            _("Only the first %(n)d rejected rows are listed.") % {"n": REPORT_MAX_PROBLEMS}
        )
    CompanyImport.objects.filter(pk=company_import.pk).update(
        status=CompanyImport.Status.DONE,
        processed=inspection.rows,
        report=run.report,
        notes=inspection.notes,
        finished_at=timezone.now(),
        **{name: run.counts.get(name, 0) for name in (*COUNTERS, "closed")},
    )
    if run.counts.get("created") or run.counts.get("updated"):
        # Bulk writes send no signals: the declared purge (apps.py) is done here, once.
        purge_host(territory.site.hostname)
    company_import.refresh_from_db()


def company_import_create(*, territory, user, file) -> CompanyImport:
    """Record an upload once ``inspect`` accepts the file as a whole, and queue its run on a
    worker once the row is committed (``core.imports.queue_import``, as realestate's offer
    import)."""
    inspection = inspect(file, name=file.name)
    file.seek(0)
    company_import = CompanyImport(
        territory=territory,
        created_by=user,
        file=file,
        file_name=file.name[:255],
        format=inspection.format,
        total=inspection.rows,
        notes=inspection.notes,
    )
    return queue_import(company_import, handler="attractiveness.tasks.company_import_enqueue")


def company_import_run(*, import_id: int) -> CompanyImport | None:
    """Run an import (``core.imports.run_import``: claimed once, in the uploader's language,
    failed with the reason): every row in file order, in the import's territory's scope,
    progress committed every ``BATCH`` rows. None when another delivery has it already."""
    return run_import(
        CompanyImport, import_id, _run, scope=lambda item: territory_scope(item.territory)
    )


def report_rows(company_import: CompanyImport):
    """The report as CSV rows (the admin's download), formulas neutralised by the caller
    through ``export_cell``."""
    return core_imports.report_rows(
        company_import.report,
        key="siret",
        key_label=_("SIRET"),
        qualifier=lambda entry: _("closed") if entry.get("closed") else "",
    )
