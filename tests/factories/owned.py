"""One factory per territory-owned model (``territories.tenancy.REGISTRY``).

``tests/territories/test_isolation_registry.py`` fails for a registered model missing here,
then runs every URL of the model's admin viewsets against another territory's row made by
its factory: a new territory-owned model is covered by adding a line to OWNED_FACTORIES.

Each factory takes ``territory`` and ``marker`` and makes a row of that territory whose
``str()`` contains the marker, so that a test can tell when a screen shows it.
"""

from decimal import Decimal

import factory
from wagtail.models import Locale

from attractiveness.models import KeyFigure, NewsCategory
from home.models import SearchPromotion
from tests.testapp.models import Gadget, GadgetPart

from .territory import TerritoryFactory


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    class Params:
        marker = "ZFIGURE"

    territory = factory.SubFactory(TerritoryFactory)
    label = factory.LazyAttribute(lambda o: f"{o.marker} figure")
    value = Decimal("12400")
    unit = "emplois"
    source = "INSEE 2024"
    locale = factory.LazyAttribute(
        lambda o: Locale.objects.get_or_create(language_code=o.territory.default_language)[0]
    )


class SearchPromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SearchPromotion

    class Params:
        marker = "ZPROMO"

    territory = factory.SubFactory(TerritoryFactory)
    query = "foncier"
    external_url = "https://example.org/aides"
    title = factory.LazyAttribute(lambda o: f"{o.marker} aides")


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    class Params:
        marker = "ZCATEGORY"

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.LazyAttribute(lambda o: f"{o.marker} category")
    slug = factory.LazyAttribute(lambda o: f"{o.marker.lower()}-category")
    locale = factory.LazyAttribute(
        lambda o: Locale.objects.get_or_create(language_code=o.territory.default_language)[0]
    )


OWNED_FACTORIES: dict[type, type[factory.django.DjangoModelFactory]] = {
    KeyFigure: KeyFigureFactory,
    SearchPromotion: SearchPromotionFactory,
    NewsCategory: NewsCategoryFactory,
}


class GadgetFactory(factory.django.DjangoModelFactory):
    """tests/testapp: a territory-owned model with a plain ModelForm viewset."""

    class Meta:
        model = Gadget

    class Params:
        marker = "ZGADGET"

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.LazyAttribute(lambda o: f"{o.marker} gadget")


class GadgetPartFactory(factory.django.DjangoModelFactory):
    """Owned through its gadget (TerritoryOwnedVia)."""

    class Meta:
        model = GadgetPart

    class Params:
        marker = "ZPART"
        territory = None

    gadget = factory.LazyAttribute(
        lambda o: (
            GadgetFactory(territory=o.territory, marker=o.marker)
            if o.territory is not None
            else GadgetFactory(marker=o.marker)
        )
    )
    label = factory.LazyAttribute(lambda o: f"{o.marker} part")


OWNED_FACTORIES[Gadget] = GadgetFactory
OWNED_FACTORIES[GadgetPart] = GadgetPartFactory


def _register_investors():
    from investors.models import (
        FavouriteOffer,
        Lead,
        LeadActivity,
        LeadNote,
        LeadTask,
        LeadView,
        SavedSearch,
    )

    from .investors import (
        FavouriteOfferFactory,
        LeadActivityFactory,
        LeadFactory,
        LeadNoteFactory,
        LeadTaskFactory,
        LeadViewFactory,
        SavedSearchFactory,
    )

    OWNED_FACTORIES[Lead] = LeadFactory
    OWNED_FACTORIES[LeadNote] = LeadNoteFactory
    OWNED_FACTORIES[LeadTask] = LeadTaskFactory
    OWNED_FACTORIES[LeadActivity] = LeadActivityFactory
    OWNED_FACTORIES[LeadView] = LeadViewFactory
    OWNED_FACTORIES[FavouriteOffer] = FavouriteOfferFactory
    OWNED_FACTORIES[SavedSearch] = SavedSearchFactory


_register_investors()


def _register_realestate():
    from django.core.files.base import ContentFile

    from realestate.models import OfferImport

    class OfferImportFactory(factory.django.DjangoModelFactory):
        """A finished import whose file name carries the marker."""

        class Meta:
            model = OfferImport

        class Params:
            marker = "ZIMPORT"

        territory = factory.SubFactory(TerritoryFactory)
        file_name = factory.LazyAttribute(lambda o: f"{o.marker} offres.csv")
        file = factory.LazyAttribute(lambda o: ContentFile(b"reference\r\n", name="offres.csv"))
        # An (empty) zip too: a FileField left empty cannot be posted back by the isolation
        # test's forged form data.
        photos = factory.LazyAttribute(
            lambda o: ContentFile(b"PK\x05\x06" + bytes(18), name="photos.zip")
        )
        format = "csv"
        status = OfferImport.Status.DONE
        total = 1
        processed = 1
        rejected = 1
        report = factory.LazyAttribute(
            lambda o: [
                {
                    "row": 2,
                    "reference": f"{o.marker}-1",
                    "result": "rejected",
                    "errors": [{"column": "title", "message": "Required."}],
                }
            ]
        )

    OWNED_FACTORIES[OfferImport] = OfferImportFactory


_register_realestate()


def _register_newsletters():
    from newsletters.models import (
        Delivery,
        MailingList,
        Newsletter,
        NewsletterSettings,
        Subscriber,
        Subscription,
    )

    from .newsletters import (
        DeliveryFactory,
        MailingListFactory,
        NewsletterFactory,
        NewsletterSettingsFactory,
        SubscriberFactory,
        SubscriptionFactory,
    )

    OWNED_FACTORIES[MailingList] = MailingListFactory
    OWNED_FACTORIES[Subscriber] = SubscriberFactory
    OWNED_FACTORIES[Subscription] = SubscriptionFactory
    OWNED_FACTORIES[Newsletter] = NewsletterFactory
    OWNED_FACTORIES[Delivery] = DeliveryFactory
    OWNED_FACTORIES[NewsletterSettings] = NewsletterSettingsFactory


_register_newsletters()


def _register_companies():
    from django.core.files.base import ContentFile
    from stdnum import luhn

    from attractiveness.models import Company, CompanyImport, EcosystemPage, NafMapping

    def valid_siret(n: int) -> str:
        siren = f"{40_000_000 + n:08d}"
        siren += luhn.calc_check_digit(siren)
        body = f"{siren}0001"
        return body + luhn.calc_check_digit(body)

    class CompanyFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Company

        class Params:
            marker = "ZCOMPANY"

        territory = factory.SubFactory(TerritoryFactory)
        siret = factory.Sequence(valid_siret)
        siren = factory.LazyAttribute(lambda o: o.siret[:9])
        name = factory.LazyAttribute(lambda o: f"{o.marker} Industries")
        naf_code = "62.01Z"
        naf_label = "Programmation informatique"
        headcount_band = "12"
        commune = "Lyon"
        commune_insee = "69123"
        postcode = "69007"

    class NafMappingFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = NafMapping

        class Params:
            marker = "ZNAF"

        territory = factory.SubFactory(TerritoryFactory)
        code = "62"
        ecosystem = factory.LazyAttribute(
            lambda o: (
                EcosystemPage.objects.descendant_of(o.territory.site.root_page).first()
                or _ecosystem(o.territory, o.marker)
            )
        )

    class CompanyImportFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = CompanyImport

        class Params:
            marker = "ZCIMPORT"

        territory = factory.SubFactory(TerritoryFactory)
        file_name = factory.LazyAttribute(lambda o: f"{o.marker} entreprises.csv")
        file = factory.LazyAttribute(lambda o: ContentFile(b"siret\r\n", name="e.csv"))
        format = "csv"
        status = CompanyImport.Status.DONE
        total = 1
        processed = 1
        rejected = 1
        report = factory.LazyAttribute(
            lambda o: [
                {
                    "row": 2,
                    "siret": "1",
                    "result": "rejected",
                    "errors": [{"column": "siret", "message": f"{o.marker} invalid"}],
                }
            ]
        )

    OWNED_FACTORIES[Company] = CompanyFactory
    OWNED_FACTORIES[NafMapping] = NafMappingFactory
    OWNED_FACTORIES[CompanyImport] = CompanyImportFactory


def _ecosystem(territory, marker):
    """A filière page of ``territory`` (the provisioned tree has the index, not filières)."""
    from attractiveness.models import EcosystemIndexPage, EcosystemPage

    index = EcosystemIndexPage.objects.descendant_of(territory.site.root_page).first()
    page = EcosystemPage(title=f"{marker} filière", slug=f"{marker.lower()}-filiere",
                         summary="Filière")  # fmt: skip
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


_register_companies()
