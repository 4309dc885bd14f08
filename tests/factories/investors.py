"""Factories of the investors app's territory-owned models (registered in owned.py)."""

import datetime

import factory
from django.utils import timezone

from investors.models import (
    FavouriteOffer,
    Lead,
    LeadActivity,
    LeadNote,
    LeadTask,
    LeadView,
    SavedSearch,
)

from .territory import TerritoryFactory


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    class Params:
        marker = "ZLEAD"

    territory = factory.SubFactory(TerritoryFactory)
    contact_name = factory.LazyAttribute(lambda o: f"{o.marker} investor")
    email = factory.Sequence(lambda n: f"investor{n}@example.com")
    company = factory.LazyAttribute(lambda o: f"{o.marker} SAS")
    message = "We look for 2 000 m² of warehouse."
    consent_text = "Your details are used to answer your request."


class _LeadChild(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    class Params:
        marker = "ZLEADCHILD"
        territory = None

    lead = factory.LazyAttribute(
        lambda o: (
            LeadFactory(territory=o.territory, marker=o.marker)
            if o.territory is not None
            else LeadFactory(marker=o.marker)
        )
    )


class LeadNoteFactory(_LeadChild):
    class Meta:
        model = LeadNote

    text = factory.LazyAttribute(lambda o: f"{o.marker} note")


class LeadTaskFactory(_LeadChild):
    class Meta:
        model = LeadTask

    title = factory.LazyAttribute(lambda o: f"{o.marker} task")


class LeadActivityFactory(_LeadChild):
    class Meta:
        model = LeadActivity

    kind = LeadActivity.Kind.NOTE
    text = factory.LazyAttribute(lambda o: f"{o.marker} activity")


def _offer_of(territory, marker):
    """A live offer under the territory's offer index (one made when the territory, a bare
    factory territory, has none)."""
    from django.utils.text import slugify

    from realestate.models import OfferIndexPage, OfferPage

    home = territory.site.root_page
    index = OfferIndexPage.objects.descendant_of(home).first()
    if index is None:
        index = home.add_child(instance=OfferIndexPage(title="Offres", slug="offres"))
    number = OfferPage.objects.count() + 1
    offer = OfferPage(
        title=f"{marker} offer {number}",
        slug=f"{slugify(marker)}-offer-{number}-{timezone.now().timestamp():.0f}",
        reference=f"{marker}-{number}",
        offer_type="office",
        transaction="rent",
        summary="Bureaux",
        surface=200,
        commune="Lyon",
        commune_insee="69123",
        contact_name="Julien Morel",
        contact_email="immobilier@example.org",
    )
    index.add_child(instance=offer)
    offer.save_revision().publish()
    return offer


class FavouriteOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FavouriteOffer

    class Params:
        marker = "ZFAVOURITE"

    territory = factory.SubFactory(TerritoryFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    offer = factory.LazyAttribute(lambda o: _offer_of(o.territory, o.marker))


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    class Params:
        marker = "ZSEARCH"

    territory = factory.SubFactory(TerritoryFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    index = factory.LazyAttribute(lambda o: _offer_of(o.territory, o.marker).get_parent().specific)
    name = factory.LazyAttribute(lambda o: f"{o.marker} search")
    query = "type=office"
    language = "fr"
    watermark = factory.LazyFunction(timezone.now)
    last_checked_at = factory.LazyFunction(timezone.now)


class LeadViewFactory(_LeadChild):
    class Meta:
        model = LeadView

    page = factory.LazyAttribute(lambda o: o.lead.territory.site.root_page)
    day = factory.LazyFunction(datetime.date.today)
    last_viewed_at = factory.LazyFunction(timezone.now)
