"""Every write of the newsletters app with a business meaning (docs/newsletters.md)."""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_enqueue

from .models import Delivery, MailingList, Newsletter, Subscriber, Subscription
from .rendering import personalise, render_newsletter
from .sending import enqueue_chains, sender_of

Status = Subscription.Status
logger = logging.getLogger(__name__)
MAX_TEST_ADDRESSES = 10


def normalise_email(value: str) -> str:
    """The address as stored: trimmed, lower-case; ValidationError if it is not one."""
    address = (value or "").strip().lower()
    validate_email(address)
    if len(address) > 254:
        raise ValidationError(_("This address is too long."))
    return address


def subscriber_get_or_create(*, territory, email: str, language: str) -> Subscriber:
    subscriber, _created = Subscriber.objects.get_or_create(
        territory=territory, email=normalise_email(email), defaults={"language": language}
    )
    return subscriber


@transaction.atomic
def subscription_request(
    *, territory, email: str, lists, interests, language: str, consent_text: str
) -> Subscriber:
    """A visitor asks for lists: unconfirmed subscriptions (confirmed ones stay so) and a
    confirmation email with a signed link valid a week. The answer is the same whether the
    address was known or not (no oracle on who subscribes)."""
    from .urls import confirm_url, preferences_url

    subscriber = subscriber_get_or_create(territory=territory, email=email, language=language)
    now = timezone.now()
    asked = []
    for mailing_list in lists:
        if mailing_list.territory_id != territory.pk:
            raise ValidationError("list of another territory")
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            mailing_list=mailing_list,
            defaults={
                "consent_source": Subscription.Source.FORM,
                "consent_text": consent_text[:2000],
                "consent_at": now,
            },
        )
        if not created and subscription.status == Status.UNSUBSCRIBED:
            subscription.status = Status.UNCONFIRMED
            subscription.consent_source = Subscription.Source.FORM
            subscription.consent_text = consent_text[:2000]
            subscription.consent_at = now
            subscription.save()
        if subscription.status != Status.CONFIRMED:
            asked.append(mailing_list.pk)
    if interests:
        subscriber.interests.add(*interests)
    with translation.override(language):
        context = {
            "territory": territory,
            "lists": lists,
            "confirm_url": confirm_url(territory, subscriber.pk, asked, language) if asked else "",
            "preferences_url": preferences_url(territory, subscriber.pk, language),
        }
        email_enqueue(
            subject=_("Confirm your subscription to the letters of %(name)s")
            % {"name": territory.name},
            body=render_to_string("newsletters/email/confirm.txt", context),
            to=[subscriber.email],
            from_email=sender_of(territory),
        )
    return subscriber


@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber, list_ids) -> list[MailingList]:
    """The confirmation link was followed: the lists it names are confirmed (idempotent);
    a confirmed opt-in lifts a bounce suppression (the address works again)."""
    now = timezone.now()
    rows = Subscription.objects.filter(
        subscriber=subscriber, mailing_list_id__in=list(list_ids)
    ).exclude(status=Status.CONFIRMED)
    rows.filter(status=Status.UNCONFIRMED).update(status=Status.CONFIRMED, confirmed_at=now)
    if subscriber.suppressed == Subscriber.Suppression.BOUNCE:
        Subscriber.objects.filter(pk=subscriber.pk).update(suppressed="", suppressed_at=None)
    return list(
        MailingList.objects.filter(
            pk__in=Subscription.objects.filter(
                subscriber=subscriber, status=Status.CONFIRMED, mailing_list_id__in=list(list_ids)
            ).values("mailing_list")
        )
    )


@transaction.atomic
def subscription_unsubscribe(*, subscriber: Subscriber, list_ids=None) -> int:
    """Unsubscribe from these lists (all when None): no further letter, even in a send
    under way (each message checks the subscription just before it goes)."""
    rows = Subscription.objects.filter(subscriber=subscriber).exclude(status=Status.UNSUBSCRIBED)
    if list_ids is not None:
        rows = rows.filter(mailing_list_id__in=list(list_ids))
    return rows.update(status=Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


@transaction.atomic
def preferences_update(*, subscriber: Subscriber, lists, interests, consent_text: str) -> None:
    """The preference page: the lists ticked are confirmed (the signed link proves the
    address), the others unsubscribed; interests replaced."""
    now = timezone.now()
    wanted = {mailing_list.pk for mailing_list in lists}
    for mailing_list in lists:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            mailing_list=mailing_list,
            defaults={
                "consent_source": Subscription.Source.FORM,
                "consent_text": consent_text[:2000],
                "consent_at": now,
                "status": Status.CONFIRMED,
                "confirmed_at": now,
            },
        )
        if not created and subscription.status != Status.CONFIRMED:
            subscription.status = Status.CONFIRMED
            subscription.confirmed_at = now
            subscription.consent_at = now
            subscription.consent_text = consent_text[:2000]
            subscription.save()
    subscription_unsubscribe(
        subscriber=subscriber,
        list_ids=Subscription.objects.filter(subscriber=subscriber)
        .exclude(mailing_list_id__in=wanted)
        .values_list("mailing_list_id", flat=True),
    )
    subscriber.interests.set(interests)


# --- The communication team's actions ------------------------------------------------


def newsletter_check_sendable(newsletter: Newsletter) -> None:
    if not newsletter.lists.exists():
        raise ValidationError(_("Choose at least one list."))
    if not newsletter.body:
        raise ValidationError(_("The newsletter has no content."))


@transaction.atomic
def newsletter_schedule(*, newsletter: Newsletter, send_at: datetime) -> Newsletter:
    """Schedule (or reschedule) the send; Celery beat starts it once due (one minute at
    most after ``send_at``). Only a draft or a scheduled letter can be."""
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if not newsletter.is_editable:
        raise ValidationError(_("This newsletter is being sent or was sent."))
    newsletter_check_sendable(newsletter)
    newsletter.send_at = send_at
    newsletter.status = Newsletter.Status.SCHEDULED
    newsletter.save(update_fields=["send_at", "status", "updated_at"])
    return newsletter


@transaction.atomic
def newsletter_unschedule(*, newsletter: Newsletter) -> int:
    return Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SCHEDULED).update(
        status=Newsletter.Status.DRAFT, send_at=None
    )


@transaction.atomic
def newsletter_pause(*, newsletter: Newsletter) -> int:
    """Batches stop within a few messages; claimed rows go back to the queue."""
    return Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.SENDING).update(
        status=Newsletter.Status.PAUSED
    )


@transaction.atomic
def newsletter_resume(*, newsletter: Newsletter) -> int:
    resumed = Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.PAUSED).update(
        status=Newsletter.Status.SENDING
    )
    if resumed:
        transaction.on_commit(lambda: enqueue_chains(newsletter.pk), robust=True)
    return resumed


def newsletter_test_send(*, newsletter: Newsletter, addresses: list[str]) -> int:
    """The letter as it stands to a few chosen addresses, marked as a test, through the
    outbox (core.mail): its links to unsubscribe lead to the subscription form."""
    from .urls import subscribe_url

    rendered = render_newsletter(newsletter)
    first = newsletter.lists.order_by("pk").first()
    language = first.language if first else newsletter.territory.default_language
    neutral = subscribe_url(newsletter.territory, language)
    links = {"unsubscribe_url": neutral, "preferences_url": neutral}
    with transaction.atomic():
        for address in addresses[:MAX_TEST_ADDRESSES]:
            message = EmailMultiAlternatives(
                subject=f"[TEST] {rendered.subject}",
                body=personalise(rendered.text, **links),
                from_email=sender_of(newsletter.territory),
                to=[address],
            )
            message.attach_alternative(personalise(rendered.html, **links), "text/html")
            message.send()
    return min(len(addresses), MAX_TEST_ADDRESSES)


@dataclass
class Report:
    total: int = 0
    counts: dict = field(default_factory=dict)
    unsubscribed: int = 0
    complaints: int = 0
    tracking: bool = False
    opened: int = 0  # deliveries opened at least once (tracked letters only)
    clicked: int = 0  # deliveries with at least one click
    clicks: int = 0

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in ("sent", "bounced", "failed", "skipped"))

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.counts.get("uncertain", 0)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            **{state: self.counts.get(state, 0) for state in Delivery.State.values},
            "remaining": self.remaining,
            "delivered": self.counts.get("sent", 0),
            "unsubscribed": self.unsubscribed,
            "complaints": self.complaints,
            "tracking": self.tracking,
            "opened": self.opened,
            "clicked": self.clicked,
            "clicks": self.clicks,
        }


def newsletter_report(newsletter: Newsletter) -> Report:
    """Per state counts of the send (delivered = sent; bounced includes the provider's
    later bounces), how many of its recipients unsubscribed since it started, complaints,
    and for a tracked letter the deliveries opened and clicked."""
    from django.db.models import Count, Q, Sum

    rows = Delivery.objects.filter(newsletter=newsletter)
    counts = dict(rows.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    unsubscribed = 0
    if newsletter.started_at:
        unsubscribed = (
            Subscription.objects.filter(
                subscriber__deliveries__newsletter=newsletter,
                mailing_list__in=newsletter.lists.all(),
                status=Status.UNSUBSCRIBED,
                unsubscribed_at__gte=newsletter.started_at,
            )
            .values("subscriber")
            .distinct()
            .count()
        )
    report = Report(
        total=sum(counts.values()),
        counts=counts,
        unsubscribed=unsubscribed,
        complaints=rows.filter(esp_event="complained").count(),
        tracking=newsletter.tracking,
    )
    if newsletter.tracking:
        figures = rows.aggregate(
            opened=Count("pk", filter=Q(opened_at__isnull=False)),
            clicked=Count("pk", filter=Q(clicks__gt=0)),
            clicks=Sum("clicks"),
        )
        report.opened = figures["opened"]
        report.clicked = figures["clicked"]
        report.clicks = figures["clicks"] or 0
    return report


# --- The mail provider's word (django-anymail's tracking webhooks) ---------------------

SUPPRESSING_EVENTS = {
    "bounced": Subscriber.Suppression.BOUNCE,
    "rejected": Subscriber.Suppression.BOUNCE,
    "complained": Subscriber.Suppression.COMPLAINT,
    "unsubscribed": Subscriber.Suppression.UNSUBSCRIBED,
}
_MESSAGE_ID = re.compile(r"^<?nl(\d{1,18})\.d(\d{1,18})@territoria\.newsletters>?$")


def _provider_delivery(metadata, message_id) -> Delivery | None:
    """The delivery an event is about: the signed reference set in its metadata at send
    time, else our own Message-ID (providers that keep it, e.g. Mailgun)."""
    from .composing import ESP_KEY, esp_delivery_id

    delivery_id = newsletter_id = None
    if isinstance(metadata, dict) and metadata.get(ESP_KEY):
        delivery_id = esp_delivery_id(metadata[ESP_KEY])
    if delivery_id is None and isinstance(message_id, str):
        match = _MESSAGE_ID.match(message_id.strip())
        if match:
            newsletter_id, delivery_id = int(match[1]), int(match[2])
    if delivery_id is None:
        return None
    rows = Delivery.objects.select_related("newsletter", "subscriber").filter(pk=delivery_id)
    if newsletter_id is not None:
        rows = rows.filter(newsletter_id=newsletter_id)
    return rows.first()


@transaction.atomic
def delivery_provider_event(
    *, event_type: str, recipient: str, message_id, metadata, esp_name: str = ""
) -> str:
    """A provider's tracking event about one of our deliveries. Bounced, rejected,
    complained, unsubscribed: that delivery's subscriber (of the delivery's own territory,
    so an event never reaches another territory's subscriber with the same address) is
    suppressed, a bounce marks the delivery bounced. Deferred and everything else: nothing.
    An event that names no delivery of ours, or another address than the delivery's, changes
    nothing. Returns what was done (for the log and the tests)."""
    from territories.tenancy import platform_wide

    reason = SUPPRESSING_EVENTS.get(event_type)
    if reason is None:
        return "ignored"
    # The provider is authenticated (anymail) but names rows of any territory: the delivery
    # it names decides the territory, and only that delivery's subscriber is touched.
    with platform_wide():
        delivery = _provider_delivery(metadata, message_id)
        if delivery is None:
            return "unknown"
        if str(recipient or "").strip().lower() != delivery.email:
            logger.warning("Provider %s event for delivery %s names another address", esp_name,
                           delivery.pk)  # fmt: skip
            return "mismatch"
        now = timezone.now()
        rows = Delivery.objects.filter(pk=delivery.pk)
        rows.update(esp_event=event_type, esp_event_at=now)
        if reason == Subscriber.Suppression.BOUNCE:  # accepted first, bounced later
            rows.filter(state__in=(Delivery.State.SENT, Delivery.State.UNCERTAIN)).update(
                state=Delivery.State.BOUNCED
            )
        Subscriber.objects.filter(pk=delivery.subscriber_id, suppressed="").update(
            suppressed=reason, suppressed_at=now
        )
        if reason == Subscriber.Suppression.UNSUBSCRIBED:
            subscription_unsubscribe(
                subscriber=delivery.subscriber,
                list_ids=list(delivery.newsletter.lists.values_list("pk", flat=True)),
            )
    return "suppressed"
