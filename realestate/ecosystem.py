"""Real estate's section of the filière page (declared in apps.py ``ecosystem_sections``):
the live offers an editor linked to that filière."""

from wagtail.models import Page

from home.chrome import site_chrome
from home.sections import EcosystemSection

from .models import OfferPage, OfferStatus

OFFERS_SHOWN = 6
# What the offer card shows (templates/realestate/includes/offer_card.html), nothing more.
CARD = [
    *("title", "slug", "url_path", "path", "depth", "locale", "summary"),
    *("offer_type", "transaction", "status", "surface", "commune", "rent", "sale_price"),
]


def offers(request, page) -> dict:
    """The filière's live offers still on the market, newest first, six at most: three
    queries whatever their number (the offers, their photos, the photos' images)."""
    chrome = site_chrome(request)
    private = chrome["private"] if chrome else Page.objects.private_q()
    home = chrome["home"] if chrome else page.get_parent().get_parent()
    found = list(
        OfferPage.objects.filter(ecosystem_id=page.pk, is_live=True)
        .descendant_of(home)  # the page's own tree, whoever wrote the link
        .exclude(status=OfferStatus.CONCLUDED)
        .exclude(private)
        .only(*CARD)
        .prefetch_related("photos__image")
        .order_by("-published_at", "-pk")[:OFFERS_SHOWN]
    )
    return {"offers": found} if found else {}


OFFERS = EcosystemSection("offers", 30, "realestate/ecosystem/offers.html", offers)
