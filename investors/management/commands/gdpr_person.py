"""``manage.py gdpr_person <export|erase> <email> [--territory slug]``: a person's CRM data,
for the platform operator (docs/gdpr.md). Without ``--territory`` it covers every territory;
erasure asks for confirmation unless ``--yes``."""

import json

from django.core.management.base import BaseCommand, CommandError

from investors.gdpr import person_erase, person_export, person_leads
from territories.models import Territory


class Command(BaseCommand):
    help = "Export (JSON on stdout) or erase (anonymise) the leads of an email address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--territory", help="a territory's slug (default: every territory)")
        parser.add_argument("--yes", action="store_true", help="erase without asking")

    def handle(self, *args, action, email, territory=None, yes=False, **options):
        scope = None
        if territory:
            scope = Territory.objects.filter(slug=territory).first()
            if scope is None:
                raise CommandError(f"No territory with the slug {territory!r}.")
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address.")
        if action == "export":
            data = person_export(scope, email)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        count = person_leads(scope, email).count()
        where = scope.name if scope else "every territory"
        if count and not yes:
            answer = input(f"Anonymise {count} lead(s) of {email} in {where}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "o", "oui"):
                raise CommandError("Nothing erased.")
        erased = person_erase(scope, email)
        self.stdout.write(f"{erased} lead(s) of {email} anonymised in {where}.")
