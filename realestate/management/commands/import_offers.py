"""``manage.py import_offers <territory-slug> <file> [--photos zip] [--user email] [--dry-run]``:
the admin's import from a shell (a broker's nightly file), run here and now, report printed."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from realestate import imports
from realestate.models import OfferImport
from territories.models import Territory


class Command(BaseCommand):
    help = "Import offers (CSV or JSON, the open-data export's columns) into a territory."

    def add_arguments(self, parser):
        parser.add_argument("territory", help="the territory's slug")
        parser.add_argument("file", help="a .csv or .json file")
        parser.add_argument("--photos", help="a zip of the photos named in the file")
        parser.add_argument(
            "--user",
            help="email of the importing user: their page permissions apply (an editor's "
            "offers are drafts). Without it, offers are published with no user.",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options):
        territory = Territory.objects.active().filter(slug=options["territory"]).first()
        if territory is None:
            raise CommandError(f"No live territory with the slug {options['territory']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user with the email {options['user']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        with path.open("rb") as data:
            try:
                parsed = imports.parse_file(data.read(imports.max_file_bytes() + 1), name=path.name)
            except imports.ImportFileError as error:
                raise CommandError(str(error)) from None
            data.seek(0)
            offer_import = OfferImport.objects.create(
                territory=territory,
                created_by=user,
                file=File(data, name=path.name),
                file_name=path.name,
                format=parsed.format,
                dry_run=options["dry_run"],
                total=len(parsed.rows),
            )
        if options["photos"]:
            photos = Path(options["photos"])
            if not photos.is_file():
                raise CommandError(f"{photos}: no such file.")
            with photos.open("rb") as zip_data:
                offer_import.photos.save(photos.name, File(zip_data), save=True)
        # In this process, not on a worker: the command's caller waits for the report.
        offer_import = imports.offer_import_run(import_id=offer_import.pk)
        self._print(offer_import)
        if offer_import.status == OfferImport.Status.FAILED:
            raise CommandError(offer_import.error)

    def _print(self, item):
        for note in item.notes:
            self.stdout.write(f"note: {note}")
        for entry in item.report:
            for error in entry.get("errors", []):
                column = f" [{error['column']}]" if error["column"] else ""
                self.stdout.write(
                    f"row {entry['row']} {entry['reference']}: {entry['result']}{column} "
                    f"{error['message']}"
                )
        prefix = "check only: " if item.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{item.total} rows: {item.created} created, {item.updated} updated, "
                f"{item.unchanged} unchanged, {item.skipped} skipped, {item.rejected} rejected"
            )
        )
