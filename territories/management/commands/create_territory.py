from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from territories.services import territory_provision


class Command(BaseCommand):
    help = "Create or complete a territory (Site, tree, collection, groups, workflow). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--hostname", required=True)
        parser.add_argument("--slug", default="")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="Repeat for each language; the first is the default (fr).",
        )
        parser.add_argument("--siren", default="")
        parser.add_argument("--region", default="")
        parser.add_argument("--contact-email", default="")
        parser.add_argument("--sender-email", default="")

    def handle(self, *args, **options):
        languages = options["languages"] or [settings.LANGUAGE_CODE]
        known = dict(settings.LANGUAGES)
        unknown = [code for code in languages if code not in known]
        if unknown:
            raise CommandError(
                f"Unsupported language(s): {', '.join(unknown)}. Available: {', '.join(known)}."
            )
        try:
            territory = territory_provision(
                name=options["name"],
                hostname=options["hostname"].lower(),
                slug=options["slug"],
                port=options["port"],
                languages=languages,
                official_code=options["siren"],
                region=options["region"],
                contact_email=options["contact_email"],
                sender_email=options["sender_email"],
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Territory “{territory.name}” ready at {territory.root_url}/")
        )
