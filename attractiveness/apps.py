from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from home.sections import HomeSection
from territories.features import Section, TerritoryFeature

KEY_FIGURES = [
    "attractiveness.add_keyfigure",
    "attractiveness.change_keyfigure",
    "attractiveness.delete_keyfigure",
]
# Editors' changes are drafts submitted to the territory's workflow; moderators publish,
# and may unlock a figure someone else locked.
KEY_FIGURES_EDIT = [*KEY_FIGURES, "attractiveness.lock_keyfigure"]
KEY_FIGURES_PUBLISH = [
    *KEY_FIGURES_EDIT,
    "attractiveness.publish_keyfigure",
    "attractiveness.unlock_keyfigure",
]

# The company directory (docs/directory.md): editors and moderators keep the territory's
# companies and NAF mappings and import them; no moderation (SIRENE data, public already).
COMPANIES = [
    f"attractiveness.{action}_{model}"
    for model in ("company", "nafmapping")
    for action in ("add", "change", "delete", "view")
] + ["attractiveness.add_companyimport", "attractiveness.view_companyimport"]


class AttractivenessConfig(AppConfig):
    name = "attractiveness"
    verbose_name = _("Attractiveness")
    territory_feature = TerritoryFeature(
        sections=[
            Section(
                "ecosystems",
                "attractiveness.EcosystemIndexPage",
                {"fr": ("Filières", "filieres"), "en": ("Industries", "industries")},
                order=10,
            ),
            Section(
                "companies",
                "attractiveness.CompanyDirectoryPage",
                {
                    "fr": ("Annuaire des entreprises", "annuaire-des-entreprises"),
                    "en": ("Company directory", "company-directory"),
                },
                order=15,
            ),
            Section(
                "news",
                "attractiveness.NewsIndexPage",
                {"fr": ("Actualités", "actualites"), "en": ("News", "news")},
                order=30,
            ),
            Section(
                "events",
                "attractiveness.EventIndexPage",
                {"fr": ("Agenda", "agenda"), "en": ("Events", "events")},
                order=40,
            ),
        ],
        roles={
            "Editors": [*KEY_FIGURES_EDIT, *COMPANIES],
            "Moderators": [*KEY_FIGURES_PUBLISH, *COMPANIES],
        },
        # Key figures and companies are not pages: their changes purge the territory's pages.
        purges=["attractiveness.KeyFigure", "attractiveness.Company"],
    )
    home_sections = [
        HomeSection(
            "key_figures",
            "attractiveness/home/key_figures.html",
            "attractiveness.home.key_figures",
            10,
        ),
        HomeSection(
            "ecosystems",
            "attractiveness/home/ecosystems.html",
            "attractiveness.home.ecosystems",
            20,
        ),
        HomeSection(
            "news_and_events",
            "attractiveness/home/news_and_events.html",
            "attractiveness.home.news_and_events",
            60,
        ),
    ]
