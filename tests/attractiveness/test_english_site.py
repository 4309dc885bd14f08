"""The English site of a seeded territory shows no French left over: every text an English page
shares with the French pages is a proper noun (names, addresses, brands), and numbers follow
the page's language."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from attractiveness.models import Company, KeyFigure
from demo import offers, stories
from demo.content import TERRITORIES
from demo.seed import demo_seed

# Words an English page may share with the French one: brands, and words both languages use.
SHARED_WORDS = {
    "Contact", "Menu", "Message", "English", "Français", "LinkedIn", "YouTube", "Facebook",
    "Instagram", "X", "SIREN", "Jan", "h", "min", "kVA", "m", "m²", "Commune", "Photos",
    "Surface", "Transaction", "Extension", "B", "C", "D", "E", "ICPE", "CSV", "JSON", "GeoJSON",
    "RSS", "Atom", "iCal",
}  # fmt: skip
# Place names the demo content uses in both languages.
PLACES = ("Halle Tony-Garnier", "Lyon-Confluences")
# What the English pages showed before TerritorySettings and the demo had English texts.
KNOWN_FRENCH = (
    "Agence de développement économique",
    "Développement économique et attractivité",
    "Site édité avec la plateforme ouverte Territoria",
    "présidente de la Métropole",
    "président de la communauté de communes",
    "salle du Conseil",
    "Halle aux grains",
    "Tiers-lieu de la Gare",
)


class TextParser(HTMLParser):
    """The texts a visitor reads or hears: text nodes and the text-bearing attributes."""

    def __init__(self):
        super().__init__()
        self.texts: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.texts.add(" ".join(value.split()))

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.add(" ".join(data.split()))


def page_texts(client, territory, language: str) -> tuple[set[str], dict[str, str]]:
    home = territory.site.root_page.get_translation(Locale.objects.get(language_code=language))
    texts, bodies = set(), {}
    for page in Page.objects.live().descendant_of(home, inclusive=True):
        url = page.get_url(None, current_site=territory.site)
        response = client.get(url, HTTP_HOST=territory.site.hostname)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
        parser = TextParser()
        parser.feed(bodies[url])
        texts |= parser.texts
    return texts, bodies


def is_proper(text: str, territory) -> bool:
    address = next(spec["address"] for spec in TERRITORIES if spec["slug"] == territory.slug)
    facts = (territory.name, territory.get_region_display(), territory.contact_email, address)
    facts += PLACES
    # The demo offers' communes, business zones, streets, contacts and references.
    for commune, _insee, _postcode, _lat, _lon, zones in offers.COMMUNES[territory.slug]:
        facts += (commune, *zones)
    facts += tuple(f"rue {street}" for street in offers.STREETS)
    facts += (*offers.CONTACTS[territory.slug], territory.slug[:3].upper())
    # The success stories' companies, the filières' contacts and the sources of their figures.
    facts += tuple(story["company"] for story in stories.STORIES[territory.slug])
    for filiere in stories.FILIERES[territory.slug].values():
        person = filiere["contact"]
        facts += (person["name"], person["email"], person["phone"])
        facts += tuple(figure["source"] for figure in filiere["figures"])
    # The directory's companies as the SIRENE file names them: registered names, addresses,
    # communes and INSEE's NAF activity labels (the official nomenclature, in French only).
    for row in Company.objects.filter(territory=territory).values_list(
        "name", "address", "commune", "naf_label"
    ):
        facts += tuple(value for value in row if value)
    remainder = text
    for fact in sorted(facts, key=len, reverse=True):
        remainder = remainder.replace(fact, " ")
    words = re.findall(r"[^\W\d_]+", remainder)
    return all(word in SHARED_WORDS for word in words)


@pytest.mark.django_db
def test_english_pages_of_the_demo_show_no_french(client):
    territories = demo_seed(port=80).territories
    for territory in territories:
        french, _bodies = page_texts(client, territory, "fr")
        english, bodies = page_texts(client, territory, "en")
        assert len(bodies) > 15  # every page of the tree, not just the home page
        leftovers = sorted(text for text in french & english if not is_proper(text, territory))
        assert leftovers == [], (territory.slug, leftovers)
        for url, body in bodies.items():
            for text in KNOWN_FRENCH:
                assert text not in body, (url, text)
    # Numbers follow the page's language (the demo's 1,420,000 residents).
    confluences = next(t for t in territories if t.slug == "confluences")
    host = confluences.site.hostname
    english_home = client.get("/en/", HTTP_HOST=host).content.decode()
    french_home = client.get("/fr/", HTTP_HOST=host).content.decode()
    assert '<span class="figure__value">1,420,000' in english_home
    assert '<span class="figure__value">1\xa0420\xa0000' in french_home
    assert "1\u202f420\u202f000" not in english_home


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        ("12400", "12\xa0400", "12,400"),
        ("12400.00", "12\xa0400", "12,400"),
        ("1.5", "1,5", "1.5"),
        ("0.25", "0,25", "0.25"),
        ("1234567.8", "1\xa0234\xa0567,8", "1,234,567.8"),
        ("100", "100", "100"),
    ],
)
def test_key_figure_values_follow_the_language(value, french, english):
    figure = KeyFigure(value=Decimal(value), label="x")
    with translation.override("fr"):
        assert figure.display_value == french
    with translation.override("en"):
        assert figure.display_value == english
