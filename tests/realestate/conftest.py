from decimal import Decimal

import pytest

from realestate.models import OfferIndexPage, OfferPage, OfferPhoto


def offer_index(tenant, language="fr") -> OfferIndexPage:
    home = tenant.territory.site.root_page
    return OfferIndexPage.objects.descendant_of(home).get(locale__language_code=language)


def make_offer(index, number: int, **fields) -> OfferPage:
    """A live offer under ``index``: an office of 100 × ``number`` m² in Lyon unless told."""
    values = {
        "title": f"Offre {number}",
        "slug": f"offre-{number}",
        "reference": f"REF-{number}",
        "offer_type": "office",
        "transaction": "rent",
        "summary": f"Résumé de l'offre {number}",
        "surface": 100 * number,
        "rent": Decimal("150"),
        "commune": "Lyon",
        "commune_insee": "69123",
        "contact_name": "Julien Morel",
        "contact_email": "immobilier@example.org",
        **fields,
    }
    photos = values.pop("photos", [])
    offer = OfferPage(**values)
    offer.photos = [OfferPhoto(image=image, image_alt="Façade") for image in photos]
    index.add_child(instance=offer)
    offer.save_revision().publish()
    return offer


@pytest.fixture
def offers(two_territories):
    """Offers in both territories: A has offices and warehouses in two communes, B one
    office in a commune of its own (its INSEE code must never show on A's site)."""
    own, other = two_territories
    index_a, index_b = offer_index(own), offer_index(other)
    a = [
        make_offer(index_a, 1),
        make_offer(index_a, 2, fibre=True),
        make_offer(
            index_a,
            3,
            offer_type="warehouse",
            commune="Vénissieux",
            commune_insee="69259",
            loading_docks=4,
        ),
        make_offer(
            index_a,
            4,
            offer_type="warehouse",
            transaction="sale",
            rent=None,
            sale_price=Decimal("900000"),
        ),
        make_offer(index_a, 5, status="concluded"),
    ]
    b = [
        make_offer(
            index_b,
            1,
            title="ZSEVRE offre",
            slug="zsevre-offre",
            commune="Niort",
            commune_insee="79191",
        )
    ]
    return own, other, index_a, index_b, a, b
