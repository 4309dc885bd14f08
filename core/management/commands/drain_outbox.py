from django.core.management.base import BaseCommand

from core.outbox import outbox_drain


class Command(BaseCommand):
    help = (
        "Send the outbox's waiting messages to the broker (what Celery beat does every "
        "minute): after an outage, everything recorded meanwhile catches up."
    )

    def handle(self, *args, **options):
        counts = outbox_drain()
        self.stdout.write(
            f"sent {counts['sent']}, waiting {counts['waiting']}, pruned {counts['pruned']}"
        )
