import logging
import os

from django.core.management.base import BaseCommand

from demo.seed import demo_seed


class Command(BaseCommand):
    help = (
        "Create the two demo territories (content in French and English, generated pictures), "
        "a superuser and an editor and a moderator per territory. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="The port the demo is served on (default: $PORT or 8000).",
        )

    def handle(self, *args, port, **options):
        # Wagtail logs every page creation at INFO: keep the output to what a newcomer needs.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        report = demo_seed(port=port)
        write, style = self.stdout.write, self.style
        status = f"{report.created} object(s) created" if report.created else "nothing to change"
        write(style.SUCCESS(f"Demo ready ({status})."))
        write("")
        write(style.MIGRATE_HEADING("Sites"))
        write(f"  Directory of territories                 http://localhost:{port}/")
        for territory in report.territories:
            write(f"  {territory.name:<40} {territory.site.root_url}/")
        write(f"  Admin (any host)                         http://localhost:{port}/admin/")
        write("")
        write(style.MIGRATE_HEADING("Logins (demo passwords: never use them in production)"))
        for login in report.logins:
            scope = f"  [{login.territory}]" if login.territory else "  [all territories]"
            write(f"  {login.role:<10} {login.email:<36} {login.password}{scope}")
        write("")
        write(
            "Editors sign in on their territory's host, e.g. "
            f"http://{report.territories[0].slug}.localhost:{port}/admin/"
        )
