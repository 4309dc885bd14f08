"""The committed catalogues: French complete, and each .mo compiled from its current .po
(a fresh machine may have no msgfmt, so the .mo files are committed, never built)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in mo}
    source = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in po.translated_entries()}
    assert compiled == source, "the .mo is stale: run `make messages` (or msgfmt)"


def test_interface_strings_are_translated_at_runtime():
    with translation.override("fr"):
        assert translation.gettext("Skip to content") == "Aller au contenu"
        assert translation.gettext("Key figures") == "Chiffres clés"
    with translation.override("en"):
        assert translation.gettext("Skip to content") == "Skip to content"
