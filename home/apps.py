from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from territories.features import Section, TerritoryFeature

HOME_TITLES = {"fr": "Accueil", "en": "Home"}
HERO = {
    "fr": "Installez votre entreprise à {name}",
    "en": "Grow your business in {name}",
}


def home_defaults(name: str, language: str) -> dict:
    return {
        "title": HOME_TITLES.get(language, name),
        "hero_title": HERO.get(language, HERO["en"]).format(name=name),
    }


def contact_defaults(territory) -> dict:
    return {
        "to_address": territory.contact_email,
        "from_address": territory.sender_email,
        "subject": f"[{territory.name}] Contact",
    }


# The site's editors choose what the search shows first (home.SearchPromotion).
PROMOTIONS = [
    "home.add_searchpromotion",
    "home.change_searchpromotion",
    "home.delete_searchpromotion",
]


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")
    territory_feature = TerritoryFeature(
        home_page="home.HomePage",
        home_defaults=home_defaults,
        roles={"Editors": PROMOTIONS, "Moderators": PROMOTIONS},
        sections=[
            Section(
                "contact",
                "home.ContactPage",
                {"fr": ("Contact", "contact"), "en": ("Contact", "contact")},
                order=900,
                defaults=contact_defaults,
            ),
            Section(
                "legal",
                "home.StandardPage",
                {
                    "fr": ("Mentions légales", "mentions-legales"),
                    "en": ("Legal notice", "legal-notice"),
                },
                in_menu=False,
                order=910,
            ),
            Section(
                "accessibility",
                "home.StandardPage",
                {
                    "fr": ("Accessibilité : partiellement conforme", "accessibilite"),
                    "en": ("Accessibility: partially compliant", "accessibility"),
                },
                in_menu=False,
                order=920,
            ),
            Section(
                "privacy",
                "home.StandardPage",
                {
                    "fr": ("Données personnelles", "donnees-personnelles"),
                    "en": ("Privacy", "privacy"),
                },
                in_menu=False,
                order=930,
            ),
        ],
    )
