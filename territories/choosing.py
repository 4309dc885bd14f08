"""What an admin user may pick, wherever an id reaches a form.

Choosers offer only the user's own pages, images, documents and rows, but a form receives
ids: a foreign key, a StreamField chooser block (``ImageBlock``, ``PageChooserBlock``…), a
rich-text link or embed. Every admin request runs ``choosing_as(user)``
(``TerritoryScopeMiddleware``), and the overrides in ``territories/overrides/wagtail.py``
ask ``may_choose`` before they accept such an id when the form is cleaned (the preview
views clean the same form) and before they render the chosen object back (a chooser
widget's title and thumbnail, a rich-text link's URL). Outside an admin request (the public
site, commands, tasks) nobody is choosing and nothing is restricted here.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .membership import object_visible_to

_chooser: ContextVar = ContextVar("territoria_chooser", default=None)

REFUSED = _("Select a valid choice. That choice is not one of the available choices.")
REFUSED_IN_TEXT = _(
    "This text links to or embeds an item you cannot choose (a page, document or image of "
    "another territory, or one that does not exist any more): remove the link or choose the "
    "item again."
)


@contextmanager
def choosing_as(user):
    """Ids that reach admin forms in this block are checked against ``user``'s territories
    (``None``, or a superuser: no restriction)."""
    token = _chooser.set(None if user is None or user.is_superuser else user)
    try:
        yield
    finally:
        _chooser.reset(token)


def may_choose(instance) -> bool:
    """Whether the admin user of this request may pick (and so see) ``instance``."""
    user = _chooser.get()
    return user is None or instance is None or object_visible_to(instance, user)


def refuse_unchoosable(instance) -> None:
    if not may_choose(instance):
        raise ValidationError(REFUSED, code="invalid_choice")


def refuse_unchoosable_references(references: Iterable[tuple]) -> None:
    """Raise a form error when one of ``references`` (Wagtail's ``extract_references``
    tuples: model, object id, …) names an object the user may not choose. An id that is not
    an id of that model at all is refused the same way. One query per model referenced."""
    if _chooser.get() is None:
        return
    ids_by_model: dict = {}
    for model, object_id, *_rest in references:
        ids_by_model.setdefault(model, set()).add(object_id)
    for model, ids in ids_by_model.items():
        try:
            found = model._default_manager.in_bulk(ids)
        except (ValueError, TypeError, ValidationError):
            raise ValidationError(REFUSED_IN_TEXT, code="invalid_reference") from None
        instances = {str(pk): instance for pk, instance in found.items()}
        if any(str(pk) not in instances or not may_choose(instances[str(pk)]) for pk in ids):
            raise ValidationError(REFUSED_IN_TEXT, code="invalid_reference")


def validate_rich_text(html) -> None:
    """A form-field validator: every page, document and image a rich text names must be one
    the user may choose."""
    from django.utils.encoding import force_str
    from wagtail.rich_text import extract_references_from_rich_text

    if _chooser.get() is None or not html:
        return
    refuse_unchoosable_references(extract_references_from_rich_text(force_str(html)))
