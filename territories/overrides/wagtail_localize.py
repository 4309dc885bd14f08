"""Overrides of wagtail-localize internals (verified against 1.14.5; see __init__.py).

wagtail-localize checks snippet translations (strings, PO files, machine translation,
stop, submit) against the model permission only: add the territory check.
"""

from django.http import Http404

from ..membership import object_visible_to
from . import override


def install() -> None:
    from wagtail_localize.views import edit_translation, submit_translations

    @override(edit_translation, "user_can_edit_instance", ["user", "instance"])
    def user_can_edit_instance(original, user, instance):
        return object_visible_to(instance, user) and original(user, instance)

    @override(submit_translations.SubmitSnippetTranslationView, "get_object", ["self"])
    def get_object(original, self):
        instance = original()
        if not object_visible_to(instance, self.request.user):
            raise Http404
        return instance
