"""Every image in the content of the demo's public pages has an alt text, in the page's
language: the French page reads one of the French descriptions of the demo's pictures, the
English page one of the English ones (the banners, demo/images.py; the scenes, demo/scenes.py),
offers' photos included."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from demo import images, scenes
from realestate.models import OfferPhoto
from territories.models import Territory

MAIN = re.compile(r"<main\b.*?</main>", re.S)
IMG = re.compile(r"<img\b[^>]*>")
ALT = re.compile(r'\balt="([^"]*)"')


def _described(language: str) -> set[str]:
    return {scenes.description(subject, language) for subject in scenes.SUBJECTS} | {
        images.hero_alt(style, language) for style in images.HERO_ALT
    }


@pytest.mark.django_db
def test_every_content_image_of_the_demo_has_an_alt_text_in_the_pages_language(client):
    call_command("seed_demo", port=8000, stdout=StringIO())
    described = {language: _described(language) for language in ("fr", "en")}
    seen = {"fr": 0, "en": 0}
    galleries = {"fr": 0, "en": 0}  # offers' pages, whose photos are rows of their own
    for slug in ("confluences", "haut-vallon"):
        territory = Territory.objects.get(slug=slug)
        host = f"{slug}.localhost:8000"
        root = territory.site.root_page
        for language in ("fr", "en"):
            home = Page.objects.get(
                translation_key=root.translation_key, locale__language_code=language
            )
            for page in Page.objects.live().public().descendant_of(home, inclusive=True):
                response = client.get(page.relative_url(territory.site), HTTP_HOST=host)
                assert response.status_code == 200, page.url_path
                main = MAIN.search(response.content.decode()).group(0)
                galleries[language] += 'class="offer-gallery"' in main
                for tag in IMG.findall(main):
                    alt = ALT.search(tag)
                    assert alt and alt.group(1), (page.url_path, tag)
                    text = alt.group(1).replace("&#x27;", "'")
                    assert text in described[language], (page.url_path, language, text)
                    seen[language] += 1
    # The home pages' banners and teasers, the filières, stories, news, events and offers.
    assert seen["fr"] >= 100 and seen["en"] >= 100, seen
    assert galleries["fr"] >= 60 and galleries["en"] >= 60, galleries  # 30 offers a territory
    # Each language's row of an offer's photo is a translation of the other's.
    rows = {}
    for photo in OfferPhoto.objects.select_related("page", "locale"):
        assert photo.locale_id == photo.page.locale_id
        rows.setdefault(photo.translation_key, {})[photo.locale.language_code] = photo.image_alt
    assert rows and all(set(texts) == {"fr", "en"} for texts in rows.values())
    assert all(texts["fr"] != texts["en"] for texts in rows.values())
