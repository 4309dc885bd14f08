from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import Section, TerritoryFeature

# Those who edit offers import them; the pages' own permissions decide the rest (an editor's
# imported offers wait as drafts for a moderator: docs/realestate.md, "Import").
IMPORT_PERMISSIONS = ["realestate.add_offerimport", "realestate.view_offerimport"]


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
        roles={"Editors": IMPORT_PERMISSIONS, "Moderators": IMPORT_PERMISSIONS},
    )

    # The filière page's block of offers linked to it (attractiveness/ecosystem_sections.py).
    ecosystem_sections = ["realestate.ecosystem.OFFERS"]

    def ready(self):
        from . import signals

        signals.connect()
