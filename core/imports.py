"""The foundation of the project's file imports (the feature apps' uploads of rows): the
file's checks, the import row and its run. The admin side (upload, progress,
report) is ``core.import_admin``; the detail page's template
``templates/core/admin/import_detail.html``.

What an import app writes itself: its columns, the parsing of a row, the writing of a
batch; its concrete import model (``ImportRecord`` plus ``territories.tenancy.TerritoryOwned``,
which core cannot import: the layers in pyproject.toml), with its ``file`` and ``format``
fields and its own counters.

- **The file**: size (``size_error``), a zip's one CSV (``open_source``: entries, encryption,
  declared and real sizes, ratio: no zip bomb), encoding (UTF-8 with or without BOM, else
  Windows-1252, else Latin-1, said in a note), separator (``,``, ``;`` or tab, said in a
  note), columns given twice. A file refused there raises ``ImportFileError``: nothing is
  written.
- **The row** (``ImportRecord``): status, counts, progress, report, notes, error; claimed
  once by a worker (``claim``), failed with one message (``fail``), run in the uploader's
  admin language (``run_import``), queued through the outbox once committed
  (``queue_import``).
- **The report**: rows of CSV (``report_rows``) whose cells a spreadsheet never runs as a
  formula (``csv_cell``).
"""

import codecs
import csv
import io
import zipfile
from contextlib import contextmanager, nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHUNK = 1 << 20
ZIP_MAX_RATIO = 100  # a CSV compresses 5 to 15 times; far more is a zip bomb
CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")
CONTROL[127] = None
FORMULA_START = "=+-@\t\r"  # what Excel and LibreOffice run as a formula


class ImportFileError(ValueError):
    """The file as a whole cannot be imported: nothing is written."""


# --- Cells --------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or a tab or a
    carriage return) is a formula in Excel and LibreOffice, so it gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text and text[0] in FORMULA_START and not isinstance(value, int | float):
        return "'" + text
    return text


# --- The file -----------------------------------------------------------------------------


def size_error(size: int, limit: int) -> str:
    """The message for an upload over ``limit`` bytes (the forms, a file read whole)."""
    return _("The file is %(size)s; at most %(max)s per import: split it.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(limit),
    }


def _too_big(size: int, limit: int) -> str:
    return _("The file is %(size)s or more; at most %(max)s per import: split it.") % {
        "size": filesizeformat(size),
        "max": filesizeformat(limit),
    }


class CappedStream(io.RawIOBase):
    """A binary stream that refuses to yield more than ``limit`` bytes (a zip entry whose
    header lies about its size, an upload that grew)."""

    def __init__(self, stream, limit: int, *, max_bytes: int | None = None):
        self.stream, self.limit, self.read_bytes = stream, limit, 0
        self.max_bytes = limit if max_bytes is None else max_bytes

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(min(len(buffer), self.limit + 1 - self.read_bytes))
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise ImportFileError(_too_big(self.read_bytes, self.max_bytes))
        buffer[: len(data)] = data
        return len(data)


def guess_format(name: str, head: bytes, *, zip_allowed: bool = False) -> str:
    """``csv``, ``json`` (or ``zip`` when allowed): a zip's signature, else the name's
    suffix, else the first character."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if zip_allowed and (head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")):
        return "zip"
    if suffix in ("csv", "json") or (zip_allowed and suffix == "zip"):
        return suffix
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if stripped in (b"[", b"{") else "csv"


@contextmanager
def open_source(fileobj, name: str, *, max_bytes: int):
    """``(format, binary stream of the CSV or JSON)``, capped at ``max_bytes``; a zip's one
    CSV entry, checked (one entry, not encrypted, sizes, ratio)."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    fmt = guess_format(name, head, zip_allowed=True)
    if fmt != "zip":
        yield fmt, CappedStream(fileobj, max_bytes)
        return
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("The file is not a readable zip.")) from None
    with archive:
        entries = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        csvs = [info for info in entries if info.filename.lower().endswith(".csv")]
        if len(csvs) != 1 or len(entries) != 1:
            raise ImportFileError(_("The zip must hold exactly one CSV file (and nothing else)."))
        info = csvs[0]
        if info.flag_bits & 0x1:
            raise ImportFileError(_("The zip is encrypted."))
        if info.file_size > max_bytes:
            raise ImportFileError(_too_big(info.file_size, max_bytes))
        if info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1) and info.file_size > CHUNK:
            raise ImportFileError(
                _("The zip's CSV is compressed more than %(ratio)d times: refused as a zip bomb.")
                % {"ratio": ZIP_MAX_RATIO}
            )
        try:
            with archive.open(info) as entry:
                limit = min(info.file_size, max_bytes)
                yield "zip", CappedStream(entry, limit, max_bytes=max_bytes)
        except (zipfile.BadZipFile, NotImplementedError, EOFError):
            raise ImportFileError(_("The zip is damaged or uses an unknown method.")) from None


# French spreadsheets save CSV in Windows-1252 (Latin-1 plus € and œ); Latin-1 decodes
# anything.
ENCODINGS = ("utf-8-sig", "cp1252")
FALLBACK_ENCODING = "latin-1"


def detect_encoding(stream) -> str:
    """UTF-8 (a BOM is fine) if the whole stream decodes so; else Windows-1252; else
    Latin-1. Streaming: one chunk in memory at a time."""
    decoders = {name: codecs.getincrementaldecoder(name)() for name in ENCODINGS}
    while chunk := stream.read(CHUNK):
        for name, decoder in list(decoders.items()):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                del decoders[name]
    for name, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[name]
    return next(iter(decoders), FALLBACK_ENCODING)


def decode(data: bytes, notes: list[str]) -> str:
    """A file read whole, as text, in the first of ``ENCODINGS`` that decodes it."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        note_encoding(encoding, notes)
        return text
    note_encoding(FALLBACK_ENCODING, notes)
    return data.decode(FALLBACK_ENCODING)


def note_encoding(encoding: str, notes: list[str]) -> None:
    if encoding != "utf-8-sig":
        notes.append(_("The file is not UTF-8: it was read as Windows-1252 (Latin-1)."))


def sniff_delimiter(header_line: str) -> str:
    """The header tells the dialect: French Excel separates with ";", some tools with
    tabs."""
    delimiter = max((";", ",", "\t"), key=header_line.count)
    return delimiter if header_line.count(delimiter) else ","


def note_delimiter(delimiter: str, notes: list[str]) -> None:
    if delimiter != ",":
        notes.append(
            _("Columns separated by “%(d)s”.") % {"d": "tab" if delimiter == "\t" else delimiter}
        )


class _Chain:
    """The header line read to choose the separator, then the rest of the file."""

    def __init__(self, first: str, rest):
        self.first, self.rest = first, rest

    def __iter__(self):
        if self.first:
            yield self.first
        yield from self.rest


def csv_reader(stream, encoding: str, delimiter: str | None = None):
    """``(csv.reader, delimiter)`` over a binary stream, streaming; the separator sniffed
    from the header line unless given."""
    wrapper = io.TextIOWrapper(io.BufferedReader(stream, CHUNK), encoding=encoding, newline="")
    if delimiter is None:
        first = wrapper.readline()
        delimiter = sniff_delimiter(first)
        wrapper = _Chain(first, wrapper)
    return csv.reader(wrapper, delimiter=delimiter, strict=True), delimiter


def check_no_duplicate_columns(columns: list[str]) -> None:
    duplicates = sorted({column for column in columns if columns.count(column) > 1})
    if duplicates:
        raise ImportFileError(_("Column(s) given twice: %(c)s.") % {"c": ", ".join(duplicates)})


# --- The import row -----------------------------------------------------------------------


class ImportRecord(models.Model):
    """Abstract: one upload, its progress and its report. The concrete model adds
    ``TerritoryOwned`` (its ``territory`` and scoped manager), ``file`` (its own storage
    folder), ``format`` (its own choices), its extra counters and its ``Meta``."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    # While running, the percentage stays below this (100 only once done).
    PERCENT_WHILE_RUNNING_MAX = 100
    STALE_AFTER = timedelta(minutes=30)  # a run stuck that long may be claimed again

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=gettext_lazy("imported by"),
    )
    created_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)
    finished_at = models.DateTimeField(gettext_lazy("finished at"), null=True, blank=True)
    file_name = models.CharField(gettext_lazy("file name"), max_length=255)
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(gettext_lazy("rows"), default=0)
    processed = models.PositiveIntegerField(gettext_lazy("rows read"), default=0)
    created = models.PositiveIntegerField(gettext_lazy("created"), default=0)
    updated = models.PositiveIntegerField(gettext_lazy("updated"), default=0)
    unchanged = models.PositiveIntegerField(gettext_lazy("unchanged"), default=0)
    rejected = models.PositiveIntegerField(gettext_lazy("rejected"), default=0)
    # [{"row": 2, <key>: "…", "result": "created|updated|unchanged|…|rejected",
    #   "errors": [{"column": "…", "message": "…"}]}]
    report = models.JSONField(gettext_lazy("report"), default=list, blank=True)
    notes = models.JSONField(gettext_lazy("notes"), default=list, blank=True)  # file-level
    error = models.TextField(gettext_lazy("error"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(int(100 * self.processed / self.total), self.PERCENT_WHILE_RUNNING_MAX)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @classmethod
    def claim(cls, import_id: int) -> bool:
        """Pending → running, once: a second delivery of the task finds it taken. A run
        that stopped (a lost worker) may be taken again after ``STALE_AFTER``: rows already
        done come out unchanged."""
        stale = timezone.now() - cls.STALE_AFTER
        rows = cls._default_manager.filter(pk=import_id)
        claimed = rows.filter(status=cls.Status.PENDING).update(
            status=cls.Status.RUNNING, updated_at=timezone.now()
        )
        if not claimed:
            claimed = rows.filter(status=cls.Status.RUNNING, updated_at__lt=stale).update(
                updated_at=timezone.now(), processed=0
            )
        return bool(claimed)

    def fail(self, message: str) -> None:
        type(self)._default_manager.filter(pk=self.pk).update(
            status=self.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
        self.status, self.error = self.Status.FAILED, message

    def report_language(self) -> str:
        """The uploader's admin language, else the territory's default one."""
        if self.created_by is not None:
            from wagtail.users.models import UserProfile

            return UserProfile.get_for_user(self.created_by).get_preferred_language()
        return self.territory.default_language


def queue_import(record: ImportRecord, *, handler: str, exclude=("file",)) -> ImportRecord:
    """Validate and save a new import row, and queue its run on a worker once the row is
    committed (through the outbox: a broker that is down delays the import, never loses
    it). ``handler`` is the task's enqueuer, called with ``import_id``."""
    from core.outbox import outbox_enqueue

    record.full_clean(exclude=list(exclude))
    with transaction.atomic():
        record.save()
        outbox_enqueue(handler=handler, kwargs={"import_id": record.pk})
    return record


def run_import(model, import_id: int, run, *, scope=nullcontext):
    """Claim the import and ``run(record)`` it in its report language (within
    ``scope(record)``); a file refused as a whole fails it with the reason, anything else
    with the error's name (and is raised again). None when another delivery has it."""
    if not model.claim(import_id):
        return None
    record = model._default_manager.select_related("territory__site", "created_by").get(
        pk=import_id
    )
    try:
        with translation.override(record.report_language()), scope(record):
            run(record)
    except ImportFileError as error:
        record.fail(str(error))
    except Exception as error:
        record.fail(
            _("The import stopped on an unexpected error: %(e)s") % {"e": type(error).__name__}
        )
        raise
    return record


# --- The report ---------------------------------------------------------------------------

RESULT_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skipped"),
    "rejected": gettext_lazy("rejected"),
}


def report_rows(report: list[dict], *, key: str, key_label: str, qualifier=None):
    """The report as CSV rows (the admin's download): one line per error, or per row.
    ``key`` names the row's identifier in each entry (a registration number, a reference);
    ``qualifier(entry)`` may add a word to the result ("closed", "draft")."""
    yield [_("Row"), key_label, _("Result"), _("Column"), _("Reason")]
    for entry in report:
        result = str(RESULT_LABELS.get(entry["result"], entry["result"]))
        extra = qualifier(entry) if qualifier else ""
        if extra:
            result += " (" + extra + ")"
        for error in entry.get("errors") or [{"column": "", "message": ""}]:
            yield [entry["row"], entry[key], result, error["column"], error["message"]]
