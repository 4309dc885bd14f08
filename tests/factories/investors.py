"""Factories of the investors app's territory-owned models (registered in owned.py)."""

import factory

from investors.models import Lead, LeadActivity, LeadNote, LeadTask

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
