"""Reads of the site layer that take a user."""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

from territories.membership import scope_pages

from .easy_read import EMPTY_RICH_TEXT, EasyReadMixin


def easy_read_page_models() -> list[type[Page]]:
    return [
        model
        for model in get_page_models()
        if issubclass(model, EasyReadMixin) and not model._meta.abstract
    ]


def pages_without_easy_read(user):
    """The live pages ``user`` may edit, in their own territories only, whose type has an
    easy-to-read summary left empty; a territory's tree order (every language)."""
    empty = reduce(
        or_,
        (
            Q(pk__in=model.objects.filter(easy_read__in=EMPTY_RICH_TEXT).values("pk"))
            for model in easy_read_page_models()
        ),
    )
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["add", "change", "publish"]
    )
    return scope_pages(editable, user).live().filter(empty).order_by("path")
