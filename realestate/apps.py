from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import Section, TerritoryFeature


class RealestateConfig(AppConfig):
    name = "realestate"
    verbose_name = _("Business real estate")
    territory_feature = TerritoryFeature(
        sections=[
            Section(
                "offers",
                "realestate.OfferIndexPage",
                {
                    "fr": ("Immobilier d'entreprise", "immobilier"),
                    "en": ("Business property", "property"),
                },
                order=20,
            ),
        ],
    )

    def ready(self):
        from . import signals

        signals.connect()
