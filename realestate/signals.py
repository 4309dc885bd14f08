"""Keeps OfferPage's denormalised search columns (``index_page``, ``is_live``,
``published_at``) equal to the page tree's, after every save of an offer's page.

Wagtail saves the page for every change of these: adding it (``add_child``), publishing,
unpublishing (also scheduled expiry), moving (it saves the moved page as a plain ``Page``),
copying (the copy is added, then saved). The receiver listens to every model's
``post_save`` because a move or an unpublish may save the base ``Page`` instance, not the
``OfferPage``: one UPDATE, only for offers' pages. Pages never change these three through
``QuerySet.update`` in Wagtail; code of ours that would must call ``offer_sync``.
"""

from django.db.models import Subquery
from django.db.models.signals import post_save
from wagtail.models import Page


def offer_sync(page: Page) -> None:
    """Copy the tree's parent, ``live`` and ``first_published_at`` of the offer ``page``
    into its OfferPage row (one query)."""
    from .models import OfferPage

    parent = Page.objects.filter(path=page.path[: -Page.steplen]).values("pk")[:1]
    OfferPage.objects.filter(pk=page.pk).update(
        index_page_id=Subquery(parent),
        is_live=page.live,
        published_at=page.first_published_at,
    )


def _offer_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not instance.path:
        return
    from .models import OfferPage

    if isinstance(instance, OfferPage) or instance.specific_class is OfferPage:
        offer_sync(instance)


def connect() -> None:
    post_save.connect(_offer_saved, dispatch_uid="realestate.offer_search_columns")
