"""Site search's own reads: a query's key (words, no case, no accents), the results the
territory's team promotes for it (``SearchPromotion``), and the groups of results feature
apps add below the pages, declared in their ``apps.py``::

    class AttractivenessConfig(AppConfig):
        search_groups = [
            SearchGroup("companies", "attractiveness/search_companies.html",
                        "attractiveness.company_selectors.company_search"),
        ]

``results`` is the dotted path of a function ``(request, home, query) -> dict`` (``home``:
the language's home page, ``query``: plain words); an empty dict leaves the group out. Each
group reads a constant number of queries whatever the size of what it searches."""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from .sections import declared

WORDS = re.compile(r"\w+")


def search_words(text: str) -> str:
    """The query reduced to its words: quotes and operators mean something to the database's
    full-text syntax (an unbalanced quote is an SQLite error), nothing to a visitor."""
    return " ".join(WORDS.findall(text))


def fold(text: str) -> str:
    """ "Énergie  renouvelable!" → "energie renouvelable": words, no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(WORDS.findall(plain))


def search_key(text: str) -> str:
    """What a promotion is matched on: the folded query's first 100 characters."""
    return fold(text)[:100]


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


@dataclass(frozen=True)
class SearchGroup:
    key: str
    template: str
    results: str
    order: int = 100


def search_groups(request, home, query: str) -> list[dict]:
    """The declared groups that found something: ``[{"key", "template", "context"}]``."""
    found = []
    for group in declared("search_groups"):
        context = import_string(group.results)(request, home, query)
        if context:
            found.append({"key": group.key, "template": group.template, "context": context})
    return found
