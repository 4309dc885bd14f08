from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from home.search import SearchGroup
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
NEWS_CATEGORIES = [
    "attractiveness.add_newscategory",
    "attractiveness.change_newscategory",
    "attractiveness.delete_newscategory",
]
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
                "stories",
                "attractiveness.SuccessStoryIndexPage",
                {
                    "fr": ("Ils ont choisi le territoire", "temoignages"),
                    "en": ("Success stories", "success-stories"),
                },
                order=20,
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
            "Editors": [*KEY_FIGURES_EDIT, *NEWS_CATEGORIES, *COMPANIES],
            "Moderators": [*KEY_FIGURES_PUBLISH, *NEWS_CATEGORIES, *COMPANIES],
        },
        # Snippets and rows, not pages: publishing does not purge the pages that show them (a
        # category's name is on its news and their index; companies on the directory).
        purges=[
            "attractiveness.KeyFigure",
            "attractiveness.NewsCategory",
            "attractiveness.Company",
        ],
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
            "success_stories",
            "attractiveness/home/success_stories.html",
            "attractiveness.home.success_stories",
            30,
        ),
        HomeSection(
            "news_and_events",
            "attractiveness/home/news_and_events.html",
            "attractiveness.home.news_and_events",
            60,
        ),
    ]
    # The site search's companies, below its pages (docs/directory.md, "Search").
    search_groups = [
        SearchGroup(
            "companies",
            "attractiveness/search_companies.html",
            "attractiveness.company_selectors.company_search",
        )
    ]
    # Blocks of the filière page (attractiveness/ecosystem_sections.py), after its body.
    ecosystem_sections = ["attractiveness.ecosystem.SUCCESS_STORIES"]

    def ready(self):
        from . import signals

        signals.connect()
