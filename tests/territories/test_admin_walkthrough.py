"""The admin as a new editor and a new superuser meet it: the dashboard counts the editor's
own territory; the territories' home pages ("Accueil" in each) are told apart; the French
admin speaks French in our fields and blocks; the territories listing shows a status."""

import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.models import Page

from core.blocks import BodyBlock
from territories.services import territory_archive
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

OUR_APPS = ("core", "users", "territories", "attractiveness", "realestate", "investors")


def _pages_of(tenant) -> int:
    root = tenant.territory.site.root_page
    homes = Page.objects.filter(translation_key=root.translation_key)
    return sum(home.get_descendants(inclusive=True).count() for home in homes)


def test_editor_dashboard_counts_and_links_their_own_territory(two_territories):
    lyonne, sevre = two_territories
    own, total = _pages_of(lyonne), Page.objects.filter(depth__gt=1).count()
    assert own < total
    html = admin_client(lyonne.editor).get(reverse("wagtailadmin_home")).content.decode()
    summary = re.search(r'<ul class="w-summary__list">(.*?)</ul>', html, re.S).group(1)
    pages = re.search(r'href="([^"]+)">\s*(\d+) Pages?', summary)
    assert pages, summary
    assert int(pages.group(2)) == own
    assert pages.group(1) == reverse(
        "wagtailadmin_explore", args=[lyonne.territory.site.root_page_id]
    )
    assert lyonne.territory.name in summary and sevre.territory.name not in summary
    assert "Territoria" not in summary


def test_superuser_dashboard_still_counts_every_page(two_territories, superuser):
    html = admin_client(superuser).get(reverse("wagtailadmin_home")).content.decode()
    summary = re.search(r'<ul class="w-summary__list">(.*?)</ul>', html, re.S).group(1)
    count = int(re.search(r"(\d+) Pages?", summary).group(1))
    assert count == Page.objects.filter(depth__gt=1).count()


def test_superuser_tells_the_territories_home_pages_apart(two_territories, superuser):
    client = admin_client(superuser)
    explorer = client.get(reverse("wagtailadmin_explore_root")).content.decode()
    for tenant in two_territories:
        name = tenant.territory.name
        assert f"Accueil · {name}" in explorer
        assert f"Home · {name}" in explorer
    forms = client.get(reverse("wagtailforms:index")).content.decode()
    for tenant in two_territories:
        assert f"Accueil · {tenant.territory.name}" in forms, "each contact page's parent"


def test_the_home_page_name_follows_a_territory_renamed(two_territories):
    lyonne = two_territories[0]
    lyonne.territory.name = "Grand Lyonne"
    lyonne.territory.save()
    home = lyonne.territory.site.root_page.specific
    assert home.get_admin_display_title() == "Accueil · Grand Lyonne"


def test_territories_listing_shows_a_status_not_a_raw_boolean(two_territories, superuser):
    territory_archive(territory=two_territories[1].territory)
    html = admin_client(superuser).get(reverse("territories:index")).content.decode()
    table = re.search(r'<table class="listing.*?</table>', html, re.S).group(0)
    assert "False" not in table and "True" not in table
    with translation.override("fr"):
        assert translation.gettext("archived") in table and translation.gettext("online") in table


# --- Labels: the French admin speaks French --------------------------------------------


def _catalogue(language: str) -> set[str]:
    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return {entry.msgid for entry in polib.pofile(str(po)).translated_entries()}


def _translated(text, ours: set[str]) -> bool:
    """A lazy string translated into French: by our catalogue, or by Wagtail's/Django's."""
    if not isinstance(text, Promise):
        return False
    with translation.override("en"):
        english = str(text)
    with translation.override("fr"):
        french = str(text)
    return english in ours or french != english


# Plumbing no form ever shows (core/outbox.py, core/public_forms.py).
INTERNAL_MODELS = {"OutboxMessage", "IdempotencyKey"}


def _labels():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.auto_created:
            continue
        if model.__name__ in INTERNAL_MODELS:
            continue
        for field in model._meta.get_fields():
            # Fields an editor sees: declared here, editable, not the tree's plumbing.
            if not hasattr(field, "verbose_name") or field.model is not model:
                continue
            if not getattr(field, "editable", False) or isinstance(field, ParentalKey):
                continue
            if field.name in ("id", "translation_key") or field.name.endswith("_ptr"):
                continue
            yield f"{model.__name__}.{field.name}", field.verbose_name
            if field.help_text:
                yield f"{model.__name__}.{field.name} (help)", field.help_text

    def walk(block, path):
        yield path, block.label
        ours = type(block).__module__.split(".")[0] in OUR_APPS  # not Wagtail's ImageBlock
        if ours and isinstance(block, blocks.StructBlock | blocks.StreamBlock):
            for name, child in block.child_blocks.items():
                yield from walk(child, f"{path}.{name}")

    yield from walk(BodyBlock(), "BodyBlock")


def test_every_label_and_help_text_of_our_models_and_blocks_is_translated():
    ours = _catalogue("fr")
    untranslated = [where for where, text in _labels() if not _translated(text, ours)]
    assert untranslated == []


def test_french_page_editor_has_no_english_labels(two_territories):
    lyonne = two_territories[0]
    client = admin_client(lyonne.moderator)
    home = lyonne.territory.site.root_page
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    for english in ("Hero image", "Heading", "Quote", "Call to action", ">Text<", "Level"):
        assert english not in html, english
    assert "Image du bandeau" in html
    listing = client.get(reverse("wagtailsnippets_attractiveness_keyfigure:list"))
    assert "Display value" not in listing.content.decode()
