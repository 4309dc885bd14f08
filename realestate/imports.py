"""Import of offers from CSV or JSON, the columns of the open-data export (docs/realestate.md,
"Import").

Guarantees:

- **Idempotent on the reference**: a row names its offer by ``reference``, looked up among
  the children of the importing territory's default-language offer index only (never
  another territory's, never a translation); a row that changes nothing makes no revision.
  An export re-imported is a no-op.
- **Each row whole or not at all**: every value is parsed, the model's own validation runs
  (``full_clean``: the divisible lot, the INSEE code, coordinates, rent versus sale…), the
  photos are checked and the user's page permissions asked, before anything is written.
  A rejected row is reported with its row number, the column and the reason.
- **As Wagtail does**: a revision by the importing user, published when the user may
  publish offers; otherwise saved as a draft for a moderator (docs/realestate.md).
- **Bounded**: the file's size, its number of rows and the photos (``import_photos``) are
  capped; a file that cannot be read is refused as a whole with one clear message.
"""

import contextlib
import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core import imports as core_imports
from core.imports import CONTROL, ImportFileError, queue_import, run_import

from . import import_photos
from .exports import COLUMNS
from .models import (
    EnergyClass,
    OfferImport,
    OfferIndexPage,
    OfferPage,
    OfferPhoto,
    OfferStatus,
    OfferType,
    Transaction,
)

BATCH = 50  # rows per progress commit (and per lookup of existing offers)

__all__ = ["ImportFileError"]  # core.imports': named here too


# --- Values -------------------------------------------------------------------------------

FORMULA_QUOTE = re.compile(r"^'(?=[=+\-@\t\r])")  # the export's neutralisation (csv_cell)
TRUE = {"true", "1", "yes", "y", "oui", "o", "vrai", "x"}
FALSE = {"false", "0", "no", "n", "non", "faux", ""}
SPACES = re.compile(r"[\s\u00a0\u202f']")


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_("Expected text."))
    text = str(value).translate(CONTROL).strip()
    return FORMULA_QUOTE.sub("", text)


def parse_line(value) -> str:
    return " ".join(parse_text(value).split())


def parse_int(value) -> int | None:
    if _empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("Expected a whole number."))
    if isinstance(value, int):
        return value
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("Expected a whole number."))
    return int(number)


def parse_decimal(value) -> Decimal | None:
    if _empty(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(_("Expected a number."))
    text = SPACES.sub("", str(value))
    if "," in text:
        # French spreadsheets: "150,50"; "1,234.50" has thousands separators.
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Expected a number, e.g. 150 or 150.5.")) from None
    if not number.is_finite() or abs(number) >= 10**15:
        raise ValueError(_("Expected a number, e.g. 150 or 150.5."))
    return number


def parse_coordinate(value) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else number.quantize(Decimal("0.00001"))


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(_("Expected true or false."))


def parse_date(value) -> date | None:
    if _empty(value):
        return None
    if not isinstance(value, str):
        raise ValueError(_("Expected a date, e.g. 2027-01-31."))
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text[:10] if pattern == "%Y-%m-%d" else text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Expected a date, e.g. 2027-01-31."))


def _choice(choices, *, upper=False):
    values = [value for value, _label in choices]

    def parse(value):
        if _empty(value):
            return ""
        if not isinstance(value, str):
            raise ValueError(_("Expected one of: %(values)s.") % {"values": ", ".join(values)})
        text = value.strip().upper() if upper else value.strip().lower()
        if text not in values:
            raise ValueError(_("Expected one of: %(values)s.") % {"values": ", ".join(values)})
        return text

    return parse


def parse_description(value) -> str:
    """Plain text (paragraphs on blank lines) to the rich text field: never markup."""
    text = parse_text(value)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


# column -> (OfferPage field, parser). The export's columns, plus four the export does not
# publish (contact_name, contact_phone, description, photos).
COLUMN_FIELDS = {
    "reference": ("reference", parse_line),
    "title": ("title", parse_line),
    "type": ("offer_type", _choice(OfferType.choices)),
    "transaction": ("transaction", _choice(Transaction.choices)),
    "status": ("status", _choice(OfferStatus.choices)),
    "surface_m2": ("surface", parse_int),
    "divisible_from_m2": ("surface_divisible_from", parse_int),
    "land_area_m2": ("land_area", parse_int),
    "sale_price_eur": ("sale_price", parse_decimal),
    "rent_eur_m2_year": ("rent", parse_decimal),
    "charges_eur_m2_year": ("charges", parse_decimal),
    "available_from": ("available_from", parse_date),
    "address": ("address", parse_line),
    "postcode": ("postcode", parse_line),
    "commune": ("commune", parse_line),
    "commune_insee": ("commune_insee", lambda v: parse_line(v).upper()),
    "business_zone": ("business_zone", parse_line),
    "latitude": ("latitude", parse_coordinate),
    "longitude": ("longitude", parse_coordinate),
    "parking_spaces": ("parking_spaces", parse_int),
    "fibre": ("fibre", parse_bool),
    "rail_access": ("rail_access", parse_bool),
    "port_access": ("port_access", parse_bool),
    "icpe": ("icpe", parse_bool),
    "power_kva": ("power_kva", parse_int),
    "ceiling_height_m": ("ceiling_height", parse_decimal),
    "loading_docks": ("loading_docks", parse_int),
    "energy_class": ("energy_class", _choice(EnergyClass.choices, upper=True)),
    "summary": ("summary", parse_line),
    "description": ("description", parse_description),
    "contact_name": ("contact_name", parse_line),
    "contact_email": ("contact_email", lambda v: parse_line(v).lower()),
    "contact_phone": ("contact_phone", parse_line),
}
READ_ONLY = {"url", "language", "last_published_at"}  # exported, never imported
PHOTOS = "photos"
ALT_MAX = OfferPhoto._meta.get_field("image_alt").max_length
KNOWN = set(COLUMN_FIELDS) | READ_ONLY | {PHOTOS}
FIELD_COLUMNS = {name: column for column, (name, _parse) in COLUMN_FIELDS.items()}
REQUIRED_ON_CREATE = [
    "reference",
    "title",
    "type",
    "transaction",
    "summary",
    "surface_m2",
    "commune",
    "commune_insee",
    "contact_name",
    "contact_email",
]
# Defaults for a new offer whose field has an empty cell (the model's own defaults)
INT_DEFAULTS = {"parking_spaces": 0, "loading_docks": 0}
assert set(COLUMNS) <= KNOWN  # the export's schema re-imports


# --- The file -----------------------------------------------------------------------------


@dataclass
class ParsedFile:
    format: str
    columns: list[str]
    rows: list[dict]  # in file order
    first_row: int  # the number of the first data row (2 in a CSV: 1 is the header)
    notes: list[str] = field(default_factory=list)


def max_file_bytes() -> int:
    return settings.TERRITORIA_OFFER_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.TERRITORIA_OFFER_IMPORT_MAX_ROWS


def _check_columns(columns: list[str]) -> None:
    unknown = [column for column in columns if column not in KNOWN]
    if unknown:
        raise ImportFileError(
            _("Unknown column(s): %(unknown)s. The columns are: %(known)s.")
            % {
                "unknown": ", ".join(unknown[:10]),
                "known": ", ".join([*COLUMNS, *sorted(KNOWN - set(COLUMNS))]),
            }
        )
    if "reference" not in columns:
        raise ImportFileError(_("The “reference” column is missing: every row needs one."))
    core_imports.check_no_duplicate_columns(columns)


def _too_many(count: int) -> None:
    if count > max_rows():
        raise ImportFileError(
            _("The file has %(count)d rows; at most %(max)d per import: split it.")
            % {"count": count, "max": max_rows()}
        )


def parse_csv(text: str, notes: list[str]) -> ParsedFile:
    delimiter = core_imports.sniff_delimiter(text.split("\n", 1)[0])
    core_imports.note_delimiter(delimiter, notes)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        records = list(reader)
    except csv.Error as error:
        raise ImportFileError(_("The CSV cannot be read: %(error)s.") % {"error": error}) from None
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise ImportFileError(_("The file is empty."))
    columns = [cell.strip().lower() for cell in records[0]]
    _check_columns(columns)
    _too_many(len(records) - 1)
    rows = []
    for record in records[1:]:
        if len(record) > len(columns):
            extra = record[len(columns) :]
            if any(cell.strip() for cell in extra):
                row = {"__error__": _("This row has more cells than the header has columns.")}
                rows.append(row)
                continue
        rows.append(
            {column: (record[i] if i < len(record) else "") for i, column in enumerate(columns)}
        )
    return ParsedFile("csv", columns, rows, first_row=2, notes=notes)


def parse_json(text: str, notes: list[str]) -> ParsedFile:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        message = getattr(error, "msg", "too deeply nested")
        raise ImportFileError(
            _("The JSON cannot be read: %(error)s.") % {"error": message}
        ) from None
    if isinstance(data, dict) and isinstance(data.get("offers"), list):
        data = data["offers"]  # the export's own shape
    if not isinstance(data, list):
        raise ImportFileError(
            _('The JSON must be a list of offers, or the export\'s {"offers": […]}.')
        )
    _too_many(len(data))
    columns: list[str] = []
    rows = []
    for item in data:
        if not isinstance(item, dict):
            rows.append({"__error__": _("Each offer must be a JSON object.")})
            continue
        for key in item:
            if key not in columns:
                columns.append(key)
        rows.append(item)
    if not columns:
        raise ImportFileError(_("The file is empty."))
    _check_columns(columns)
    return ParsedFile("json", columns, rows, first_row=1, notes=notes)


def parse_file(data: bytes, *, name: str = "") -> ParsedFile:
    """The rows of an uploaded file, or ``ImportFileError`` saying why the file as a whole
    cannot be imported (size, encoding, syntax, columns, number of rows)."""
    if len(data) > max_file_bytes():
        raise ImportFileError(core_imports.size_error(len(data), max_file_bytes()))
    notes: list[str] = []
    fmt = core_imports.guess_format(name, data)
    text = core_imports.decode(data, notes)
    return parse_json(text, notes) if fmt == "json" else parse_csv(text, notes)


# --- Photos column ------------------------------------------------------------------------


def parse_photos(value) -> list[tuple[str, str]]:
    """``file.jpg: alt text | other.jpg: alt text`` in a CSV cell; in JSON the same string or
    ``[{"file": "file.jpg", "alt": "alt text"}, …]``. Alt text is required."""
    if _empty(value):
        return []
    if isinstance(value, list):
        items = []
        for entry in value:
            if not isinstance(entry, dict):
                raise ValueError(_('Each photo is {"file": …, "alt": …}.'))
            items.append((parse_line(entry.get("file")), parse_line(entry.get("alt"))))
    elif isinstance(value, str):
        items = []
        for part in parse_text(value).split("|"):
            if not part.strip():
                continue
            name, _sep, alt = part.partition(":")
            items.append((name.strip(), " ".join(alt.split())))
    else:
        raise ValueError(_("Expected “file.jpg: description | …”."))
    for name, alt in items:
        if not name:
            raise ValueError(_("A photo has no file name."))
        if not alt:
            raise ValueError(
                _("“%(name)s” has no description for screen readers (“file.jpg: what it shows”).")
                % {"name": name}
            )
        if len(alt) > ALT_MAX:
            raise ValueError(
                _("“%(name)s”: the description has more than %(max)d characters.")
                % {"name": name, "max": ALT_MAX}
            )
    return items


# --- Rows ---------------------------------------------------------------------------------


@dataclass
class Context:
    offer_import: OfferImport
    territory: object
    index: OfferIndexPage
    user: object
    archive: import_photos.PhotoArchive | None
    can_add: bool
    can_publish: bool
    seen: dict = field(default_factory=dict)  # reference -> row number


class Rejected(Exception):
    def __init__(self, errors):
        self.errors = errors  # [(column, message)]


def offer_index_for(territory) -> OfferIndexPage:
    """The territory's offer index in its default language: where imports go."""
    home = territory.site.root_page
    index = (
        OfferIndexPage.objects.descendant_of(home, inclusive=False)
        .filter(locale__language_code=territory.default_language)
        .order_by("path")
        .first()
    )
    if index is None:
        index = OfferIndexPage.objects.descendant_of(home).order_by("path").first()
    if index is None:
        raise ImportFileError(_("This territory has no offer index page to import into."))
    return index


def _errors_of(error: ValidationError) -> list[tuple[str, str]]:
    found = []
    for name, messages in error.message_dict.items():
        column = FIELD_COLUMNS.get(name, "" if name == "__all__" else name)
        found.extend((column, message) for message in messages)
    return found


def _values(row: dict) -> tuple[dict, list]:
    values, errors = {}, []
    for column, (name, parse) in COLUMN_FIELDS.items():
        if column not in row:
            continue
        try:
            values[name] = parse(row[column])
        except ValueError as error:
            errors.append((column, str(error)))
    return values, errors


def _slug(ctx: Context, title: str, reference: str) -> str:
    base = slugify(f"{title[:60]} {reference}")[:100] or "offre"
    slug, n = base, 1
    while not Page._slug_is_available(slug, ctx.index):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _photo_list(offer) -> list[tuple[int, str]]:
    return [(photo.image_id, photo.image_alt) for photo in offer.photos.all()]


def _resolve_photos(ctx: Context, items, errors) -> list | None:
    """[(Photo or Image, alt)], or None after adding the refusals to ``errors``."""
    if items and ctx.archive is None:
        errors.append((PHOTOS, _("The row names photos: upload their zip with the file.")))
        return None
    checked = []
    for name, alt in items:
        try:
            checked.append((ctx.archive.photo(name), alt))
        except import_photos.PhotoError as error:
            errors.append((PHOTOS, str(error)))
    if len(checked) != len(items):
        return None
    known = import_photos.existing_images(ctx.territory, [p.file_hash for p, _alt in checked])
    return [(known.get(photo.file_hash, photo), alt) for photo, alt in checked]


def _row_result(number, reference, result, *, errors=(), draft=False, changed=()):
    entry = {"row": number, "reference": reference, "result": result}
    if errors:
        entry["errors"] = [{"column": c, "message": m} for c, m in errors]
    if draft:
        entry["draft"] = True
    if changed:
        entry["changed"] = sorted(changed)
    return entry


def import_row(ctx: Context, number: int, row: dict, existing: dict) -> dict:
    """Validate one row whole, then (unless a dry run) create or update its offer."""
    if "__error__" in row:
        return _row_result(number, "", "rejected", errors=[("", row["__error__"])])
    try:
        reference = parse_line(row.get("reference"))
    except ValueError:
        reference = ""
    if not reference:
        return _row_result(
            number, "", "rejected", errors=[("reference", _("A reference is required."))]
        )
    language = row.get("language")
    if (
        isinstance(language, str)
        and language.strip()
        and language.strip() != ctx.territory.default_language
    ):
        return _row_result(
            number,
            reference,
            "skipped",
            errors=[
                ("language", _("A translation: translate offers in the admin (wagtail-localize)."))
            ],
        )
    if reference in ctx.seen:
        return _row_result(
            number,
            reference,
            "rejected",
            errors=[
                ("reference", _("Same reference as row %(row)d.") % {"row": ctx.seen[reference]})
            ],
        )
    ctx.seen[reference] = number
    try:
        return _import_row(ctx, number, reference, row, existing.get(reference))
    except Rejected as rejected:
        return _row_result(number, reference, "rejected", errors=rejected.errors)


def _import_row(ctx, number, reference, row, current) -> dict:
    values, errors = _values(row)
    photos = None
    if PHOTOS in row:
        try:
            items = parse_photos(row[PHOTOS])
        except ValueError as error:
            errors.append((PHOTOS, str(error)))
        else:
            photos = _resolve_photos(ctx, items, errors)
    if current is None:
        for column in REQUIRED_ON_CREATE:
            missing = column not in row or _empty(row[column])
            if missing and not any(c == column for c, _m in errors):
                errors.append((column, _("Required to create an offer.")))
    for name, default in INT_DEFAULTS.items():
        if name in values and values[name] is None:
            values[name] = default
    if values.get("status") == "":
        del values["status"]  # empty: the current status, or "available" for a new offer
    if errors:
        raise Rejected(errors)

    if current is None:
        if not ctx.can_add:
            raise Rejected([("", _("You may not add offers in this territory."))])
        offer = OfferPage(
            owner=ctx.user,
            locale_id=ctx.index.locale_id,
            live=False,
            depth=ctx.index.depth + 1,
            # A placeholder under the index, so that validation finds the parent; add_child
            # sets the real path.
            path=ctx.index.path + "0000",
        )
        values["slug"] = _slug(ctx, values.get("title", ""), reference)
        changed = set(values)
        base_photos = []
    else:
        permissions = current.permissions_for_user(ctx.user) if ctx.user else None
        if permissions is not None and not permissions.can_edit():
            raise Rejected([("", _("You may not change this offer."))])
        if current.locked and (ctx.user is None or current.locked_by_id != ctx.user.pk):
            raise Rejected([("", _("The offer is locked by another user."))])
        offer = (
            current.get_latest_revision_as_object() if current.has_unpublished_changes else current
        )
        changed = {name for name, value in values.items() if getattr(offer, name) != value}
        base_photos = _photo_list(offer)
    for name, value in values.items():
        setattr(offer, name, value)
    new_photos = None
    if photos is not None:
        keys = [(getattr(p, "pk", None), alt) for p, alt in photos]
        if keys != base_photos:
            changed.add("photos")
            new_photos = photos
    if current is not None and not changed:  # the offer as it is: valid, nothing to write
        return _row_result(number, reference, "unchanged")
    try:
        offer.full_clean()
    except ValidationError as error:
        raise Rejected(_errors_of(error)) from None
    taken = OfferPage.objects.child_of(ctx.index).filter(reference=reference)
    if current is None and taken.exists():  # created meanwhile (another import, an editor)
        raise Rejected([("reference", _("Another offer of this territory has this reference."))])

    publish = ctx.can_publish and (
        current is None or not (current.has_unpublished_changes or current.workflow_in_progress)
    )
    if current is not None and ctx.can_publish and not publish:
        raise Rejected(
            [
                (
                    "",
                    _("The offer has changes waiting for moderation: publish or discard them."),
                )
            ]
        )
    result = "created" if current is None else "updated"
    if ctx.offer_import.dry_run:
        return _row_result(number, reference, result, draft=not publish, changed=changed - {"slug"})
    with transaction.atomic():
        if new_photos is not None:
            # The page's locale, given: a translatable row without one looks it up on save.
            offer.photos = [
                OfferPhoto(
                    image=_image(ctx, photo, alt),
                    image_alt=alt,
                    sort_order=i,
                    locale_id=offer.locale_id,
                )
                for i, (photo, alt) in enumerate(new_photos)
            ]
        if current is None:
            ctx.index.add_child(instance=offer)
        # Validated above (full_clean): Wagtail's second validation would only repeat it.
        revision = offer.save_revision(user=ctx.user, log_action=True, clean=False)
        if publish:
            revision.publish(user=ctx.user)
    return _row_result(number, reference, result, draft=not publish, changed=changed - {"slug"})


def _image(ctx, photo, alt):
    if isinstance(photo, import_photos.Photo):
        # Two rows may name the same new file: the second finds the first one's image.
        found = import_photos.existing_images(ctx.territory, [photo.file_hash])
        if photo.file_hash in found:
            return found[photo.file_hash]
        return import_photos.image_create(
            territory=ctx.territory, photo=photo, title=alt, user=ctx.user
        )
    return photo


# --- The run ------------------------------------------------------------------------------


def _permissions(index, user) -> tuple[bool, bool]:
    if user is None:  # the management command without --user: the platform's operator
        return True, True
    tester = index.permissions_for_user(user)
    # Publishing an offer needs publish permission on the index (inherited by its children).
    return tester.can_add_subpage(), tester.can_publish_subpage()


def offer_import_create(*, territory, user, file, photos=None, dry_run=False) -> OfferImport:
    """Record an upload (the file already checked with ``parse_file``) and queue its run on
    a worker once the row is committed (``core.imports.queue_import``: through the outbox, a
    broker that is down delays the import, never loses it)."""
    data = file.read()
    parsed = parse_file(data, name=file.name)
    file.seek(0)
    offer_import = OfferImport(
        territory=territory,
        created_by=user,
        file=file,
        file_name=file.name[:255],
        format=parsed.format,
        dry_run=dry_run,
        total=len(parsed.rows),
        notes=parsed.notes,
    )
    if photos:
        offer_import.photos = photos
    return queue_import(
        offer_import, handler="realestate.tasks.offer_import_enqueue", exclude=["file", "photos"]
    )


COUNTERS = ("created", "updated", "unchanged", "skipped", "rejected")


def offer_import_run(*, import_id: int) -> OfferImport | None:
    """Run an import (``core.imports.run_import``: claimed once, the report in the importing
    user's admin language, failed with the reason): every row in file order, progress
    committed every ``BATCH`` rows. Returns None when another delivery has the import
    already."""
    return run_import(OfferImport, import_id, _run)


def _run(offer_import: OfferImport) -> None:
    territory = offer_import.territory
    with offer_import.file.open("rb") as f:
        parsed = parse_file(f.read(max_file_bytes() + 1), name=offer_import.file_name)
    archive = None
    photos_file = None
    if offer_import.photos:
        photos_file = offer_import.photos.open("rb")
        try:
            archive = import_photos.PhotoArchive(photos_file)
        except import_photos.ArchiveError as error:
            photos_file.close()
            raise ImportFileError(str(error)) from None
        if archive.ignored:
            parsed.notes.append(
                ngettext(
                    "%(n)d zip entry in a folder was ignored: %(names)s",
                    "%(n)d zip entries in folders were ignored: %(names)s",
                    len(archive.ignored),
                )
                % {"n": len(archive.ignored), "names": ", ".join(archive.ignored[:5])}
            )
    index = offer_index_for(territory)
    can_add, can_publish = _permissions(index, offer_import.created_by)
    ctx = Context(
        offer_import=offer_import,
        territory=territory,
        index=index,
        user=offer_import.created_by,
        archive=archive,
        can_add=can_add,
        can_publish=can_publish,
    )
    report = []
    counts = dict.fromkeys(COUNTERS, 0)
    try:
        for start in range(0, len(parsed.rows), BATCH):
            batch = parsed.rows[start : start + BATCH]
            references = set()
            for row in batch:
                with contextlib.suppress(ValueError, AttributeError):
                    references.add(parse_line(row.get("reference")))
            existing = {
                offer.reference: offer
                for offer in OfferPage.objects.child_of(index)
                .filter(reference__in=references)
                .prefetch_related("photos")
            }
            for i, row in enumerate(batch):
                entry = import_row(ctx, parsed.first_row + start + i, row, existing)
                counts[entry["result"]] += 1
                report.append(entry)
            OfferImport.objects.filter(pk=offer_import.pk).update(
                processed=start + len(batch), report=report, notes=parsed.notes, **counts,
                total=len(parsed.rows), updated_at=timezone.now(),
            )  # fmt: skip
    finally:
        if photos_file is not None:
            photos_file.close()
    OfferImport.objects.filter(pk=offer_import.pk).update(
        status=OfferImport.Status.DONE,
        processed=len(parsed.rows),
        total=len(parsed.rows),
        report=report,
        notes=parsed.notes,
        finished_at=timezone.now(),
        **counts,
    )
    offer_import.refresh_from_db()


def report_rows(offer_import: OfferImport):
    """The report as CSV rows (the admin's download): one line per error, or per row."""
    return core_imports.report_rows(
        offer_import.report,
        key="reference",
        key_label=_("Reference"),
        qualifier=lambda entry: (
            _("draft") if entry.get("draft") and entry["result"] in ("created", "updated") else ""
        ),
    )
