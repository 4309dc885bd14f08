"""Audiences for the sending tests and the bench: many confirmed subscribers, made in bulk."""

from django.utils import timezone

from newsletters.models import MailingList, Newsletter, Subscriber, Subscription
from newsletters.services import newsletter_schedule


def audience(territory, count: int, *, prefix: str = "reader", mailing_list=None):
    """``count`` confirmed subscribers of one list (made if not given); returns the list."""
    if mailing_list is None:
        mailing_list = MailingList.objects.create(
            territory=territory, name=f"Lettre {prefix}", language="fr"
        )
    now = timezone.now()
    domain = territory.site.hostname
    chunk = 2000
    for start in range(0, count, chunk):
        people = Subscriber.objects.bulk_create(
            [
                Subscriber(territory=territory, email=f"{prefix}{i}@{domain}", language="fr")
                for i in range(start, min(start + chunk, count))
            ]
        )
        Subscription.objects.bulk_create(
            [
                Subscription(
                    subscriber=person,
                    mailing_list=mailing_list,
                    status=Subscription.Status.CONFIRMED,
                    consent_source=Subscription.Source.IMPORT,
                    consent_text="test audience",
                    consent_at=now,
                    confirmed_at=now,
                )
                for person in people
            ]
        )
    return mailing_list


def scheduled_letter(territory, mailing_list, *, subject: str = "La lettre du territoire"):
    letter = Newsletter.objects.create(
        territory=territory,
        subject=subject,
        preheader="Les nouvelles du mois",
        body=[{"type": "paragraph", "value": f"<p>{subject}: bonjour.</p>"}],
    )
    letter.lists.set([mailing_list])
    return newsletter_schedule(newsletter=letter, send_at=timezone.now())
