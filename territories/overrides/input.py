"""Overrides that turn hostile input into a 4xx or a form error instead of a 500 (Wagtail
8.0.1 and its modelsearch; see __init__.py and docs/security.md, "Bad input: no 500").

Search: the database backends compile a query of n words into an expression nested n deep: a few
hundred words pasted in the admin's page search or the admin API raised RecursionError (a
500). Every query is cut to its first MAX_SEARCH_TERMS words before it is compiled, and the
API answers an unknown ``search_operator`` with a 400 instead of the backend's ValueError.

Images: ``fill-0x0`` (or any fill with a zero side) passed the spec's parsing and divided by
zero when rendered; it is now an invalid spec, which Wagtail's views answer with a 400.

Forms: a StreamField posted without its counts, types or orders (no browser does) raised
KeyError or ValueError: a 400 now. A RichTextBlock refuses a malformed document as a block
error (core/rich_text.py), in wagtail.py's RichTextBlock.clean: a target has one override.
Stored HTML with ``<br>`` (not ``<br/>``) made the editor's parser assert "Unmatched
tags": unclosed void elements are closed when their parent ends.
Stored links and embeds whose id is no number (``<a linktype="page" id="abc">``) made the
public page a 500 (``in_bulk(["abc"])``): they render as a link or image to nothing.
"""

import re

from . import override

VOID_ELEMENTS = frozenset({"br", "hr", "img", "embed", "input", "wbr"})

MAX_SEARCH_TERMS = 32


# Quotes delimit each term in SQLite's FTS syntax ("unterminated string"); NUL ends a string.
SYNTAX = re.compile(r'["\x00-\x1f\x7f]')


def _words(text: str) -> str:
    return " ".join(SYNTAX.sub(" ", text).split()[:MAX_SEARCH_TERMS])


def bounded(query):
    """``query`` (a string or a modelsearch query tree) with at most MAX_SEARCH_TERMS words
    and as many subqueries, and no quote or control character in a term: what the backend
    compiles stays shallow and well-formed."""
    from modelsearch.query import And, Or, Phrase, PlainText

    if isinstance(query, str):
        return _words(query)
    if isinstance(query, Phrase):
        return Phrase(_words(query.query_string))
    if isinstance(query, PlainText):
        return PlainText(bounded(query.query_string), operator=query.operator, boost=query.boost)
    if isinstance(query, And | Or):
        return type(query)([bounded(sub) for sub in query.subqueries[:MAX_SEARCH_TERMS]])
    return query


def install() -> None:
    from django.utils.translation import gettext as _
    from modelsearch.backends.base import BaseSearchBackend
    from wagtail.admin.rich_text.converters.html_to_contentstate import (
        HtmlToContentStateHandler,
    )
    from wagtail.api.v2.filters import SearchFilter
    from wagtail.api.v2.utils import BadRequestError
    from wagtail.blocks.base import BlockWidget
    from wagtail.images.image_operations import FillOperation
    from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter

    from core.views import ExplainedBadRequest

    @override(
        BaseSearchBackend,
        "_search",
        ["self", "query_compiler_class", "query", "model_or_queryset", "kwargs"],
    )
    def _search(original, self, query_compiler_class, query, model_or_queryset, **kwargs):
        return original(query_compiler_class, bounded(query), model_or_queryset, **kwargs)

    @override(SearchFilter, "filter_queryset", ["self", "request", "queryset", "view"])
    def filter_queryset(original, self, request, queryset, view):
        operator = request.GET.get("search_operator")
        if operator is not None and operator.lower() not in ("and", "or"):
            raise BadRequestError(_("search_operator must be “and” or “or”."))
        return original(request, queryset, view)

    @override(FillOperation, "construct", ["self", "size", "extra"])
    def construct(original, self, size, *extra):
        original(size, *extra)
        if self.width < 1 or self.height < 1:
            raise ValueError(f"fill needs a width and a height of at least 1, not {size}")

    @override(BlockWidget, "value_from_datadict", ["self", "data", "files", "name"])
    def value_from_datadict(original, self, data, files, name):
        try:
            return original(data, files, name)
        except (KeyError, ValueError, TypeError) as error:
            message = _("The page's content arrived incomplete: nothing was saved.")
            raise ExplainedBadRequest(message) from error

    @override(HtmlToContentStateHandler, "handle_endtag", ["self", "name"])
    def handle_endtag(original, self, name):
        while self.open_elements and self.open_elements[-1][0] in VOID_ELEMENTS - {name}:
            original(self.open_elements[-1][0])
        return original(name)

    for rewriter in (LinkRewriter, EmbedRewriter):

        @override(rewriter, "get_tag_replacements", ["self", "tag_type", "attrs_list"])
        def get_tag_replacements(original, self, tag_type, attrs_list):
            return original(tag_type, [_numeric_id(attrs) for attrs in attrs_list])


def _numeric_id(attrs: dict) -> dict:
    """The entity's attributes, with an id that is no number made None (nothing found)."""
    if "id" in attrs and not str(attrs["id"]).isdigit():
        return {**attrs, "id": None}
    return attrs
