"""Site search's own reads: a query's key (words, no case, no accents) and the results the
territory's team promotes for it (``SearchPromotion``)."""

import re
import unicodedata

from django.db.models import Q, QuerySet

WORDS = re.compile(r"\w+")


def search_words(text: str) -> str:
    """The query reduced to its words: quotes and operators mean something to the database's
    full-text syntax (an unbalanced quote is an SQLite error), nothing to a visitor."""
    return " ".join(WORDS.findall(text))


def search_key(text: str) -> str:
    """ "Énergie  renouvelable!" → "energie renouvelable": what a promotion is matched on."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORDS.findall(plain))[:100]


def promoted_results(*, territory, query: str, language: str, pages: QuerySet) -> list:
    """The territory's promotions for this query in this language, in their order: a page
    only while it is among ``pages`` (the search's own live, public pages of the site)."""
    from .models import SearchPromotion

    key = search_key(query)
    if not key:
        return []
    return list(
        SearchPromotion.objects.filter(territory=territory, query_key=key)
        .filter(Q(language="") | Q(language=language))
        .filter(Q(page__isnull=True) | Q(page__in=pages.values("pk")))
        .select_related("page")
        .order_by("sort_order", "pk")[:5]
    )
