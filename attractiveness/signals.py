"""Keeps the listing columns of news and events (``index_page``, ``is_live``,
``published_at``: ``models.ListedPageMixin``) equal to the page tree's, after every save of
their page.

Wagtail saves the page for every change of these: adding it (``add_child``), publishing,
unpublishing (also scheduled expiry), moving (it saves the moved page as a plain ``Page``),
copying (the copy is added, then saved), publishing a revision (whose content carries the
columns as they were when it was saved). The receiver listens to every model's ``post_save``
because a move or an unpublish may save the base ``Page`` instance: one UPDATE, only for
news and events. Pages never change these through ``QuerySet.update`` in Wagtail; code of
ours that would must call ``listed_page_sync``. realestate/signals.py does the same for
offers.
"""

from django.db.models import Subquery
from django.db.models.signals import post_save
from wagtail.models import Page


def _listed_models() -> tuple:
    from .models import EventPage, NewsPage

    return (NewsPage, EventPage)


def listed_page_sync(page: Page, model) -> None:
    """Copy the tree's parent, ``live`` and ``first_published_at`` of ``page``, as they are
    in the database, into its ``model`` row (one query)."""
    # From the row, not the instance: a saved instance may carry stale values in the fields
    # it did not write (Wagtail's copy saves the original's revision as the copy's).
    parent = Page.objects.filter(path=page.path[: -Page.steplen]).values("pk")[:1]
    row = Page.objects.filter(pk=page.pk)
    model.objects.filter(pk=page.pk).update(
        index_page_id=Subquery(parent),
        is_live=Subquery(row.values("live")[:1]),
        published_at=Subquery(row.values("first_published_at")[:1]),
    )


def _page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not instance.path:
        return
    models = _listed_models()
    model = type(instance) if isinstance(instance, models) else instance.specific_class
    if model in models:
        listed_page_sync(instance, model)


def connect() -> None:
    post_save.connect(_page_saved, dispatch_uid="attractiveness.listed_page_columns")
