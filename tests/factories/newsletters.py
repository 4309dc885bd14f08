"""Factories of the newsletters app's territory-owned models (registered in owned.py)."""

import factory
from django.utils import timezone

from newsletters.models import (
    Delivery,
    MailingList,
    Newsletter,
    NewsletterSettings,
    Subscriber,
    Subscription,
)

from .territory import TerritoryFactory


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList

    class Params:
        marker = "ZLIST"

    territory = factory.SubFactory(TerritoryFactory)
    description = "Monthly news of the territory's economy."
    language = "fr"

    @factory.lazy_attribute_sequence
    def name(self, n):
        return f"{self.marker} list {n}"


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    class Params:
        marker = "zsubscriber"

    territory = factory.SubFactory(TerritoryFactory)
    language = "fr"

    @factory.lazy_attribute_sequence
    def email(self, n):
        return f"{self.marker}{n}@example.com"  # str() shows the marker


class _ViaSubscriber(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    class Params:
        marker = "ZVIA"
        territory = None

    @factory.lazy_attribute
    def subscriber(self):
        territory = self.territory or TerritoryFactory()
        return SubscriberFactory(territory=territory, marker=self.marker)


class SubscriptionFactory(_ViaSubscriber):
    class Meta:
        model = Subscription

    mailing_list = factory.LazyAttribute(
        lambda o: MailingListFactory(territory=o.subscriber.territory)
    )
    status = Subscription.Status.CONFIRMED
    consent_source = Subscription.Source.IMPORT
    consent_text = "Sign-up sheet, business fair 2026"
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    class Params:
        marker = "ZLETTER"

    territory = factory.SubFactory(TerritoryFactory)
    subject = factory.LazyAttribute(lambda o: f"{o.marker} letter")
    preheader = "The month in the territory"
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Hello from the territory.</p>"}]
    )

    @factory.post_generation
    def lists(self, create, extracted, **kwargs):
        if create:
            self.lists.set(extracted or [MailingListFactory(territory=self.territory)])


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    class Params:
        marker = "zdelivery"
        territory = None

    newsletter = factory.LazyAttribute(
        lambda o: NewsletterFactory(territory=o.territory or TerritoryFactory(), marker=o.marker)
    )
    subscriber = factory.LazyAttribute(
        lambda o: SubscriberFactory(territory=o.newsletter.territory, marker=o.marker)
    )
    email = factory.LazyAttribute(lambda o: o.subscriber.email)
    next_attempt_at = factory.LazyFunction(timezone.now)


class NewsletterSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterSettings

    class Params:
        marker = "zsettings"

    territory = factory.SubFactory(TerritoryFactory)

    @factory.lazy_attribute
    def reply_to(self):
        return f"{self.marker}@example.com"  # str() shows the marker
