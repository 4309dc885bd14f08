"""Import of existing subscribers from a CSV file (docs/newsletters.md, "Import").

Reads UTF-8 (with or without a BOM) or Latin-1 / Windows-1252, commas or semicolons, a
header row with an ``email`` column (``e-mail``, ``courriel``, ``mail`` also), optional
``language``. Each imported person is confirmed on the chosen list with the consent source
the team states (required: where and when these people agreed). A malformed address is
reported with its row number and skipped; nothing else is lost.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Subscriber, Subscription
from .services import normalise_email

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
EMAIL_HEADERS = ("email", "e-mail", "courriel", "mail", "adresse email", "adresse e-mail")
LANGUAGES = ("fr", "en")


@dataclass
class ImportResult:
    created: int = 0
    confirmed: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _reader(text: str):
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def subscribers_import(*, mailing_list, raw: bytes, consent_source: str) -> ImportResult:
    """Import the file into ``mailing_list`` (its territory); see the module docstring.
    ValidationError for a file that cannot be read at all (too big, no email column)."""
    consent_source = " ".join((consent_source or "").split())[:500]
    if not consent_source:
        raise ValidationError(_("Say where these people gave their consent."))
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    if b"\x00" in raw:
        raise ValidationError(_("This is not a CSV file."))
    rows = _reader(decode(raw))
    try:
        header = [cell.strip().lower() for cell in next(rows)]
    except (StopIteration, csv.Error) as error:
        raise ValidationError(_("The file is empty.")) from error
    column = next((i for i, name in enumerate(header) if name in EMAIL_HEADERS), None)
    if column is None:
        raise ValidationError(_("The first row must name an “email” column."))
    language_column = header.index("language") if "language" in header else None
    result = ImportResult()
    territory = mailing_list.territory
    now = timezone.now()
    consent = _("Imported: %(source)s") % {"source": consent_source}
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                result.errors.append((number, _("Too many rows: the rest was not imported.")))
                break
            if not any(cell.strip() for cell in row):
                continue
            value = row[column] if column < len(row) else ""
            try:
                address = normalise_email(value)
            except ValidationError:
                shown = "".join(ch for ch in value if ch.isprintable())[:80]
                result.errors.append((number, _("“%(value)s” is not an email address.") % {
                    "value": shown}))  # fmt: skip
                continue
            language = territory.default_language
            if language_column is not None and language_column < len(row):
                candidate = row[language_column].strip().lower()[:2]
                language = candidate if candidate in LANGUAGES else language
            subscriber, created = Subscriber.objects.get_or_create(
                territory=territory, email=address, defaults={"language": language}
            )
            result.created += created
            _subscription, made = Subscription.objects.get_or_create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                defaults={
                    "status": Subscription.Status.CONFIRMED,
                    "consent_source": Subscription.Source.IMPORT,
                    "consent_text": consent,
                    "consent_at": now,
                    "confirmed_at": now,
                },
            )
            # Someone who unsubscribed is never put back by an import.
            if made:
                result.confirmed += 1
            else:
                result.unchanged += 1
    return result
