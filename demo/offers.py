"""Business property offers for the demo territories: thirty each, in French and English.

Generated from each territory's communes and business zones with a seeded random generator,
so that re-running the seed finds the same offers (by translation key) and adds nothing.
"""

import datetime as dt
import random
from decimal import Decimal

from realestate.models import OfferStatus, OfferType, Transaction

from . import scenes

COMMUNES = {
    "confluences": [
        # name, INSEE code, postcode, latitude, longitude, business zones
        ("Lyon", "69123", "69007", 45.7325, 4.8399, ["Gerland", "Part-Dieu", "Confluence"]),
        ("Villeurbanne", "69266", "69100", 45.7719, 4.8902, ["Carré de Soie", "La Doua"]),
        ("Vénissieux", "69259", "69200", 45.6975, 4.8867, ["Vénissy", "Grande Île"]),
        ("Saint-Priest", "69290", "69800", 45.6964, 4.9441, ["Parc Technologique", "Mi-Plaine"]),
        ("Saint-Fons", "69199", "69190", 45.7086, 4.8533, ["Vallée de la chimie"]),
        ("Vaulx-en-Velin", "69256", "69120", 45.7786, 4.9216, ["Les Sept Chemins"]),
    ],
    "haut-vallon": [
        ("Saint-Claude", "39478", "39200", 46.3872, 5.8636, ["ZA du Plan d'Acier"]),
        ("Hauts de Bienne", "39339", "39400", 46.5216, 6.0163, ["ZA de la Doye"]),
        ("Moirans-en-Montagne", "39333", "39260", 46.4336, 5.7261, ["ZA du Jouets"]),
        ("Champagnole", "39097", "39300", 46.7464, 5.9127, ["ZI des Gravettes"]),
        ("Clairvaux-les-Lacs", "39154", "39130", 46.5747, 5.7483, ["ZA des Lacs"]),
    ],
}

# type: (surface range m², rent range €/m²/year, sale price range €/m², picture)
PROFILES = {
    OfferType.OFFICE: ((120, 2400), (110, 290), (1800, 4200), "office"),
    OfferType.PREMISES: ((300, 4000), (55, 110), (700, 1400), "warehouse"),
    OfferType.WAREHOUSE: ((1500, 24000), (38, 72), (450, 900), "warehouse"),
    OfferType.RETAIL: ((60, 900), (120, 380), (1500, 4000), "office"),
    OfferType.LAND: ((2000, 60000), None, (25, 140), "land"),
    OfferType.COWORKING: ((40, 600), (180, 420), None, "coworking"),
    OfferType.BUSINESS_CENTRE: ((20, 300), (140, 260), None, "coworking"),
}

TITLES = {
    OfferType.OFFICE: ("Bureaux", "Offices"),
    OfferType.PREMISES: ("Locaux d'activité", "Activity premises"),
    OfferType.WAREHOUSE: ("Entrepôt logistique", "Logistics warehouse"),
    OfferType.RETAIL: ("Local commercial", "Retail unit"),
    OfferType.LAND: ("Terrain à bâtir", "Building plot"),
    OfferType.COWORKING: ("Espace de coworking", "Coworking space"),
    OfferType.BUSINESS_CENTRE: ("Bureau en pépinière", "Office in a business incubator"),
}

SUMMARIES = {
    OfferType.OFFICE: (
        "Plateau lumineux, cloisonnable, proche des transports en commun.",
        "Bright open floor that can be partitioned, close to public transport.",
    ),
    OfferType.PREMISES: (
        "Atelier avec bureaux d'accompagnement, accès poids lourds.",
        "Workshop with adjoining offices and HGV access.",
    ),
    OfferType.WAREHOUSE: (
        "Cellule logistique avec quais, hauteur libre importante.",
        "Logistics unit with loading docks and a high clear height.",
    ),
    OfferType.RETAIL: (
        "Vitrine sur rue passante, idéal commerce de proximité.",
        "Shop front on a busy street, ideal for local retail.",
    ),
    OfferType.LAND: (
        "Parcelle viabilisée en zone d'activités, constructible rapidement.",
        "Serviced plot in a business park, ready to build on.",
    ),
    OfferType.COWORKING: (
        "Postes et bureaux fermés à la carte, salles de réunion partagées.",
        "Desks and private offices on flexible terms, shared meeting rooms.",
    ),
    OfferType.BUSINESS_CENTRE: (
        "Bureau équipé avec accompagnement des jeunes entreprises.",
        "Furnished office with start-up support programmes.",
    ),
}

# Each offer's photo and its alt text: what demo/scenes.py draws for its kind.
ALT = {
    kind: (scenes.description(kind, "fr"), scenes.description(kind, "en"))
    for kind in ("office", "warehouse", "land", "coworking")
}

CONTACTS = {
    "confluences": ("Julien Morel", "immobilier@confluences.localhost", "04 72 00 12 34"),
    "haut-vallon": ("Claire Bouvet", "eco@haut-vallon.localhost", "03 84 00 45 67"),
}

COUNT = 30
STREETS = ["de l’Industrie", "des Artisans", "du Progrès", "Pasteur", "de la Gare"]


def offers_for(slug: str, *, today: dt.date) -> list[dict]:
    """The demo territory's offers as field values, each with its French and English text."""
    rng = random.Random(f"offers:{slug}")  # noqa: S311 - demo data, not a secret
    types = list(PROFILES)
    offers = []
    for number in range(1, COUNT + 1):
        offer_type = types[(number - 1) % len(types)]
        (low, high), rent_range, price_range, picture = PROFILES[offer_type]
        commune, insee, postcode, lat, lon, zones = rng.choice(COMMUNES[slug])
        surface = round(rng.randint(low, high), -1 if high < 3000 else -2)
        if rent_range is None:
            transaction = Transaction.SALE
        elif price_range is None:
            transaction = Transaction.RENT
        else:
            transaction = rng.choice(
                [Transaction.RENT, Transaction.RENT, Transaction.SALE, Transaction.BOTH]
            )
        rent = sale_price = None
        if transaction in (Transaction.RENT, Transaction.BOTH):
            rent = Decimal(rng.randint(*rent_range))
        if transaction in (Transaction.SALE, Transaction.BOTH):
            sale_price = Decimal(round(surface * rng.randint(*price_range), -3))
        zone = rng.choice(zones)
        status = OfferStatus.AVAILABLE
        if number % 11 == 0:
            status = OfferStatus.CONCLUDED
        elif number % 7 == 0:
            status = OfferStatus.UNDER_OFFER
        title_fr, title_en = TITLES[offer_type]
        summary_fr, summary_en = SUMMARIES[offer_type]
        warehouse_like = offer_type in (OfferType.WAREHOUSE, OfferType.PREMISES)
        offers.append(
            {
                "key": f"offer:{number}",
                "picture": picture,
                "alt": ALT[picture],
                "fr": {
                    "title": f"{title_fr} de {surface:,} m² à {commune}".replace(",", " "),
                    "slug": f"{slug}-{number:03d}-{offer_type.replace('_', '-')}",
                    "summary": f"{summary_fr} Secteur {zone}.",
                },
                "en": {
                    "title": f"{title_en}, {surface:,} m², {commune}",
                    "slug": f"{slug}-{number:03d}-{offer_type.replace('_', '-')}",
                    "summary": f"{summary_en} {zone} area.",
                },
                "fields": {
                    "reference": f"{slug[:3].upper()}-{today.year}-{number:03d}",
                    "offer_type": offer_type,
                    "transaction": transaction,
                    "status": status,
                    "surface": surface,
                    "surface_divisible_from": surface // 4
                    if surface > 800 and rng.random() < 0.4
                    else None,
                    "land_area": surface * 2 if warehouse_like else None,
                    "rent": rent,
                    "charges": Decimal(rng.randint(10, 45)) if rent is not None else None,
                    "sale_price": sale_price,
                    "available_from": None
                    if rng.random() < 0.5
                    else today + dt.timedelta(days=rng.randint(15, 270)),
                    "address": f"{rng.randint(1, 180)}, rue {rng.choice(STREETS)}",
                    "postcode": postcode,
                    "commune": commune,
                    "commune_insee": insee,
                    "business_zone": zone,
                    "latitude": Decimal(str(round(lat + rng.uniform(-0.02, 0.02), 5))),
                    "longitude": Decimal(str(round(lon + rng.uniform(-0.03, 0.03), 5))),
                    "parking_spaces": rng.choice([0, 4, 10, 25, 60]),
                    "fibre": rng.random() < 0.8,
                    "rail_access": warehouse_like and rng.random() < 0.2,
                    "port_access": slug == "confluences" and warehouse_like and rng.random() < 0.3,
                    "icpe": warehouse_like and rng.random() < 0.3,
                    "power_kva": rng.choice([36, 120, 250, 400]) if warehouse_like else None,
                    "ceiling_height": Decimal(rng.choice(["6.50", "8.00", "10.50"]))
                    if warehouse_like
                    else None,
                    "loading_docks": rng.randint(1, 12) if offer_type == OfferType.WAREHOUSE else 0,
                    "energy_class": rng.choice("BCDE") if offer_type != OfferType.LAND else "",
                    "contact_name": CONTACTS[slug][0],
                    "contact_email": CONTACTS[slug][1],
                    "contact_phone": CONTACTS[slug][2],
                },
            }
        )
    return offers
