from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import Section, TerritoryFeature

LEAD_PERMISSIONS = [
    "investors.view_lead",
    "investors.add_lead",
    "investors.change_lead",
    "investors.delete_lead",
    "investors.add_leadnote",
    "investors.add_leadtask",
    "investors.change_leadtask",
]


class InvestorsConfig(AppConfig):
    name = "investors"
    verbose_name = _("Investors")
    territory_feature = TerritoryFeature(
        sections=[
            Section(
                "project",
                "investors.ProjectInquiryPage",
                {
                    "fr": ("Votre projet d'implantation", "votre-projet"),
                    "en": ("Your implantation project", "your-project"),
                },
                order=30,
            ),
        ],
        # The territory's economic developers work the leads; nobody else reads them.
        roles={"Developers": LEAD_PERMISSIONS},
    )

    def ready(self):
        # The dashboard's cached figures are dropped when a lead changes, in every process
        # that saves one (the web, a Celery worker, a command), not only where the admin's
        # hooks were imported.
        from . import dashboard  # noqa: F401
