"""Writes and reads of what a signed-in investor keeps on a territory's site: saved offers,
saved searches (with their digest, investors/digest.py) and, for identified leads who opted
in, the pages they view (docs/investors.md).

The territory is always the site's (``request.territory``), never a form's; an offer is
looked up among that site's live, public offers; a saved search's query is normalised by the
search page's own parsing, so that the digest matches what the site lists.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .account import leads_of, verified_emails
from .models import FavouriteOffer, Lead, LeadView, SavedSearch

MAX_SAVED_SEARCHES = 20  # per person and territory
MAX_FAVOURITES = 500


class SaveRefused(ValueError):
    """A save the site refuses, with the message the investor is shown."""


def in_territory(pages, territory):
    """``pages`` kept to the territory's trees: its site's home page and the home's
    translations (each language is a tree of its own beside the site's root)."""
    homes = territory.site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    inside = Q()
    for path in homes:
        inside |= Q(path__startswith=path)
    return pages.filter(inside) if inside else pages.none()


def offer_of_territory(*, territory, offer_id):
    """A live, public offer of the territory's site, or None (another territory's id, a draft,
    an unknown one)."""
    offer_model = apps.get_model("realestate", "OfferPage")
    return in_territory(offer_model.objects.live().public(), territory).filter(pk=offer_id).first()


def offer_index_of_territory(*, territory, language: str):
    """The territory's live offer search page in ``language``, or None."""
    index_model = apps.get_model("realestate", "OfferIndexPage")
    pages = in_territory(index_model.objects.live().public(), territory)
    return pages.filter(locale__language_code=language).first()


@transaction.atomic
def favourite_add(*, user, territory, offer_id) -> FavouriteOffer:
    """Save a live offer of ``territory`` for ``user`` (once: saving it again returns the
    row kept). Refused: an offer that is not a live offer of this site, too many saved."""
    offer = offer_of_territory(territory=territory, offer_id=offer_id)
    if offer is None:
        raise SaveRefused(_("This offer cannot be saved: it is not published on this site."))
    existing = FavouriteOffer.objects.filter(user=user, offer=offer).first()
    if existing is not None:
        return existing
    if FavouriteOffer.objects.filter(user=user, territory=territory).count() >= MAX_FAVOURITES:
        raise SaveRefused(_("You have saved too many offers: remove some first."))
    favourite = FavouriteOffer(user=user, territory=territory, offer=offer)
    favourite.full_clean()
    favourite.save()
    return favourite


def favourite_remove(*, user, territory, offer_id) -> bool:
    deleted, _rows = FavouriteOffer.objects.filter(
        user=user, territory=territory, offer_id=offer_id
    ).delete()
    return bool(deleted)


@transaction.atomic
def saved_search_create(
    *, user, territory, language: str, params: QueryDict, name: str, frequency: str
) -> SavedSearch:
    """Save the search ``params`` of the territory's offer page in ``language``, normalised
    by the search's own parsing (unknown parameters and values that do not clean are
    dropped); its digest starts with the offers published from now on."""
    index = offer_index_of_territory(territory=territory, language=language)
    if index is None:
        raise SaveRefused(_("This site has no offers to search."))
    if frequency not in SavedSearch.Frequency.values:
        raise SaveRefused(_("Choose how often you want the new offers."))
    if SavedSearch.objects.filter(user=user, territory=territory).count() >= MAX_SAVED_SEARCHES:
        raise SaveRefused(_("You have saved too many searches: delete some first."))
    query, _ignored = index.search_normalise(params)
    now = timezone.now()
    search = SavedSearch(
        user=user,
        territory=territory,
        index=index,
        name=" ".join(name.split())[:120] or index.search_label(query),
        query=query,
        frequency=frequency,
        language=language,
        watermark=now,
        last_checked_at=now,
    )
    search.full_clean()
    search.save()
    return search


def saved_search_change(*, search: SavedSearch, frequency=None, active=None) -> SavedSearch:
    if frequency is not None:
        if frequency not in SavedSearch.Frequency.values:
            raise SaveRefused(_("Choose how often you want the new offers."))
        search.frequency = frequency
    if active is not None:
        if active and not search.active:
            # Resumed: what was published while paused is not sent all at once.
            search.watermark = timezone.now()
        search.active = active
    search.save(update_fields=["frequency", "active", "watermark"])
    return search


def saved_searches_unsubscribe(*, territory, ids: list[int]) -> list[SavedSearch]:
    """Stop the digests of the searches ``ids`` of ``territory`` (the others are ignored);
    returns the searches concerned."""
    searches = list(SavedSearch.objects.filter(territory=territory, pk__in=ids))
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(active=False)
    return searches


# --- Engagement ---------------------------------------------------------------------------


def identified_lead(*, user, territory) -> Lead | None:
    """The newest lead of ``territory`` under the signed-in ``user``'s verified addresses
    whose investor agreed to share their visits, or None: nobody else is ever recorded."""
    if user is None or not user.is_authenticated:
        return None
    return (
        leads_of(verified_emails(user))
        .filter(territory=territory, engagement_consent_at__isnull=False)
        .order_by("-created_at", "-pk")
        .first()
    )


def lead_view_record(*, lead: Lead, page: Page, is_offer: bool) -> None:
    """Count one view of ``page`` by ``lead`` today (one row per page and day)."""
    now = timezone.now()
    day = timezone.localdate(now)
    same = LeadView.objects.filter(lead=lead, page=page, day=day)
    if same.update(count=F("count") + 1, last_viewed_at=now):
        return
    try:
        with transaction.atomic():
            LeadView.objects.create(
                lead=lead, page=page, is_offer=is_offer, day=day, last_viewed_at=now
            )
    except IntegrityError:  # a second tab recorded the first view meanwhile
        same.update(count=F("count") + 1, last_viewed_at=now)


def page_view_record(*, user, territory, page_id) -> bool:
    """Record that the signed-in ``user`` viewed the live, public page ``page_id`` of the
    territory's site, if they are an identified lead who opted in. True when recorded."""
    lead = identified_lead(user=user, territory=territory)
    if lead is None:
        return False
    page = in_territory(Page.objects.live().public(), territory).filter(pk=page_id).first()
    if page is None:
        return False
    offer_model = apps.get_model("realestate", "OfferPage")
    is_offer = page.specific_class is offer_model
    lead_view_record(lead=lead, page=page, is_offer=is_offer)
    return True


@transaction.atomic
def engagement_withdraw(*, user, territory) -> int:
    """The investor stops sharing their visits with ``territory``'s team: the consent is
    withdrawn on each of their leads there and the views recorded are erased."""
    leads = leads_of(verified_emails(user)).filter(territory=territory)
    ids = list(leads.values_list("pk", flat=True))
    LeadView.objects.filter(lead_id__in=ids).delete()
    return Lead.objects.filter(pk__in=ids).update(engagement_consent_at=None)
