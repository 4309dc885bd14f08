"""Settle a send's "uncertain" deliveries (docs/newsletters.md) from the mail server's log:
a file of the Message-IDs it accepted, one a line. Uncertain rows whose Message-ID is in
the file are marked sent; the others are sent again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsletters import sending
from newsletters.models import Newsletter
from territories.tenancy import platform_wide


class Command(BaseCommand):
    help = "Settle uncertain deliveries of a newsletter from the accepted Message-IDs."

    def add_arguments(self, parser):
        parser.add_argument("newsletter_id", type=int)
        parser.add_argument("accepted", type=Path, help="file of accepted Message-IDs")

    def handle(self, *args, newsletter_id, accepted, **options):
        try:
            ids = set(accepted.read_text(encoding="utf-8", errors="replace").split())
        except OSError as error:
            raise CommandError(f"Cannot read {accepted}: {error}") from error
        with platform_wide():
            newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
            if newsletter is None:
                raise CommandError(f"No newsletter {newsletter_id}.")
            result = sending.deliveries_reconcile(newsletter=newsletter, accepted_message_ids=ids)
        self.stdout.write(str(result))
