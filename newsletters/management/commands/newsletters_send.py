"""What Celery beat and the bulk workers do, by hand: start due sends, re-queue expired
claims; without a broker (development, the demo without REDIS_URL) also send the batches
here, one after another, until no row is due."""

from django.core.management.base import BaseCommand

from newsletters import sending
from newsletters.models import Newsletter
from newsletters.tasks import send_batch
from territories.tenancy import platform_wide


class Command(BaseCommand):
    help = "Start due newsletter sends; without a broker, send them in this process."

    def handle(self, *args, **options):
        with platform_wide():
            result = sending.deliveries_sweep()
            sent = 0
            if send_batch.app.conf.task_always_eager:
                ids = Newsletter.objects.filter(status=Newsletter.Status.SENDING)
                for newsletter_id in ids.values_list("pk", flat=True):
                    while any((counts := sending.send_batch(newsletter_id)).values()):
                        sent += counts["sent"]
            self.stdout.write(f"{result} sent here: {sent}")
