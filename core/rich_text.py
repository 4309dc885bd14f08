"""The Draftail editor, checked: what the browser posts is refused as a form error when it is
not a rich text document, and what is stored always opens in the editor.

Wagtail converts the posted contentstate (JSON) to its HTML in the widget, where anything
malformed was an exception, so a 500 that lost the edit: JSON that is no JSON, an entity
range naming no entity, a link without url, a page id "abc" (stored, then a 500 on the public
page). The widget cannot add a form error, so it returns a ``MalformedRichText`` that the
form field (``RichTextFormField``) or the block (territories/overrides/input.py) refuses.
"""

import json
import logging
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea

logger = logging.getLogger(__name__)

# What converting a hostile document may raise inside Wagtail's exporter or parser.
CONVERSION_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, AssertionError)
ENTITY_IDS = {"DOCUMENT": "id", "IMAGE": "id"}


class MalformedRichText(str):
    """What the widget returns for a refused document: empty text that knows why. Truthy,
    so that ``RichText(source or "")`` keeps it."""

    def __new__(cls, problem):
        value = super().__new__(cls, "")
        value.problem = problem
        return value

    def __bool__(self):
        return True


def _is_id(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.isdigit()
    )


def _is_range(item) -> bool:
    return isinstance(item, dict) and all(_is_id(item.get(name)) for name in ("offset", "length"))


def contentstate_problem(state):
    """Why ``state`` (parsed JSON) is not a document Draftail makes, or None."""
    if not isinstance(state, dict) or not isinstance(state.get("blocks"), list):
        return _("The text is not a rich text document.")
    entities = state.get("entityMap", {})
    if not isinstance(entities, dict):
        return _("The text is not a rich text document.")
    for entity in entities.values():
        data = entity.get("data", {}) if isinstance(entity, dict) else None
        if not isinstance(data, dict) or not isinstance(entity.get("type"), str):
            return _("The text contains a malformed link or embed.")
        kind = entity["type"]
        if kind == "LINK" and "id" not in data:
            if not isinstance(data.get("url"), str) or not data["url"].strip():
                return _("The text contains a link without an address.")
        elif (kind == "LINK" or kind in ENTITY_IDS) and not _is_id(data.get("id")):
            return _("The text links to a page, document or image that does not exist.")
    for block in state["blocks"]:
        if not isinstance(block, dict) or not isinstance(block.get("text", ""), str):
            return _("The text is not a rich text document.")
        styles, ranges = block.get("inlineStyleRanges", []), block.get("entityRanges", [])
        if not isinstance(styles, list) or not isinstance(ranges, list):
            return _("The text is not a rich text document.")
        if not all(_is_range(item) for item in styles + ranges):
            return _("The text is not a rich text document.")
        if any(str(item.get("key")) not in entities for item in ranges):
            return _("The text refers to a link or embed it does not contain.")
    return None


def plain_paragraphs(html: str) -> str:
    """Stored HTML the converter cannot read, reduced to its text, one paragraph per line."""
    text = strip_tags(re.sub(r"<br\s*/?>|</p>", "\n", html or "", flags=re.I))
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    """WAGTAILADMIN_RICH_TEXT_EDITORS' widget (config/settings/base.py)."""

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None or not raw.strip():
            return None if raw is None else ""
        try:
            state = json.loads(raw)
        except (ValueError, RecursionError):
            return MalformedRichText(_("The text is not a rich text document."))
        if state is None:  # Draftail's empty editor
            return ""
        problem = contentstate_problem(state)
        if problem is None:
            try:
                return self.converter.to_database_format(raw)
            except CONVERSION_ERRORS:
                problem = _("The text is not a rich text document.")
        return MalformedRichText(problem)

    def format_value(self, value):
        if isinstance(value, MalformedRichText):
            value = ""
        try:
            return super().format_value(value)
        except CONVERSION_ERRORS:
            # Stored before these checks, or by a script: open it as plain paragraphs rather
            # than refuse the page to its editors.
            logger.warning("Rich text the editor cannot read, opened as plain text")
            return super().format_value(plain_paragraphs(value))


class RichTextFormField(forms.CharField):
    """The form field of every RichTextField in the admin (core/wagtail_hooks.py)."""

    def to_python(self, value):
        check_rich_text(value)
        return super().to_python(value)


def check_rich_text(value) -> None:
    if isinstance(value, MalformedRichText):
        raise ValidationError(value.problem, code="malformed_rich_text")
