"""A page's own images carry their alt text on the page, in the page's language
(core/alt_text.py): the English page reads English, never the French description of the
image library; wagtail-localize offers the text for translation; the admin asks for it once
an image is chosen; a hostile text is escaped."""

import re

import pytest
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from attractiveness.models import (
    EcosystemIndexPage,
    EcosystemPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    SuccessStoryPage,
    SuccessStoryPhoto,
)
from home.models import HomePage
from tests.factories import UserFactory
from tests.territories.isolation_world import admin_client

pytestmark = pytest.mark.django_db

FRENCH = "Le port fluvial au lever du soleil, des péniches à quai"
ENGLISH = "The river port at sunrise, barges at the quay"
LIBRARY = "Vue du port (description de la médiathèque)"


def _image(territory, description=LIBRARY):
    return Image.objects.create(
        title="IMG_0042.jpg",
        description=description,
        file=get_test_image_file(),
        collection=territory.collection,
    )


def _homes(territory) -> dict:
    french = territory.site.root_page.specific
    english = french.get_translation(Locale.objects.get(language_code="en")).specific
    return {"fr": french, "en": english}


def _alts(html: str, css_class: str) -> list[str]:
    tags = re.findall(rf'<img[^>]*class="{css_class}"[^>]*>', html)
    assert tags, f"no image with class {css_class}"
    return [re.search(r'alt="([^"]*)"', tag).group(1) for tag in tags]


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (HomePage, ("hero_image",)),
        (EcosystemPage, ("image", "contact_photo")),
        (SuccessStoryPage, ("image",)),
        (NewsPage, ("image",)),
        (EventPage, ("image",)),
    ],
)
def test_each_page_image_has_an_alt_text_wagtail_localize_translates(model, fields):
    assert model.alt_text_images == fields
    kinds = {field.field_name: type(field) for field in get_translatable_fields(model)}
    for name in fields:
        assert kinds[f"{name}_alt"] is TranslatableField, name
        assert kinds[name] is SynchronizedField, name  # the same picture in every language
    assert SuccessStoryPhoto._meta.get_field("image_alt").max_length == 250


def test_the_alt_text_is_a_segment_of_the_translation_source(two_territories):
    home = _homes(two_territories[0].territory)["fr"]
    home.hero_image = _image(two_territories[0].territory)
    home.hero_image_alt = FRENCH
    home.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(home)
    strings = StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    assert FRENCH in set(strings)


def test_each_language_reads_its_own_alt_text(client, two_territories):
    tenant = two_territories[0]
    homes = _homes(tenant.territory)
    picture = _image(tenant.territory)
    for language, text in (("fr", FRENCH), ("en", ENGLISH)):
        homes[language].hero_image = picture
        homes[language].hero_image_alt = text
        homes[language].save_revision().publish()
    assert _alts(client.get("/fr/", HTTP_HOST=tenant.host).content.decode(), "hero__image") == [
        FRENCH
    ]
    english = client.get("/en/", HTTP_HOST=tenant.host).content.decode()
    assert _alts(english, "hero__image") == [ENGLISH]
    assert 'og:image:alt" content="The river port' in english


def test_without_its_own_text_only_the_librarys_language_falls_back_to_the_description(
    client, two_territories
):
    """The library's descriptions are French (LANGUAGE_CODE): the English page never reads
    one; without a text of its own its image is left out of screen readers' way."""
    tenant = two_territories[0]
    homes = _homes(tenant.territory)
    picture = _image(tenant.territory)
    for home in homes.values():
        home.hero_image = picture
        home.save_revision().publish()
    french = client.get("/fr/", HTTP_HOST=tenant.host).content.decode()
    english = client.get("/en/", HTTP_HOST=tenant.host).content.decode()
    assert _alts(french, "hero__image") == [LIBRARY]
    assert _alts(english, "hero__image") == [""]
    assert "médiathèque" not in english and "IMG_0042" not in english


def test_listing_teasers_use_the_pages_alt_text(client, two_territories):
    tenant = two_territories[0]
    english_home = _homes(tenant.territory)["en"]
    index = NewsIndexPage.objects.child_of(english_home).get()
    item = NewsPage(title="Port", slug="port", summary="s", image=_image(tenant.territory))
    item.image_alt = ENGLISH
    index.add_child(instance=item)
    item.save_revision().publish()
    for url in ("/en/", index.relative_url(tenant.territory.site)):
        html = client.get(url, HTTP_HOST=tenant.host).content.decode()
        assert _alts(html, "teaser__image") == [ENGLISH], url
    html = client.get(item.relative_url(tenant.territory.site), HTTP_HOST=tenant.host)
    assert _alts(html.content.decode(), "figure-image") == [ENGLISH]


def test_a_hostile_alt_text_is_escaped(client, two_territories):
    tenant = two_territories[0]
    home = _homes(tenant.territory)["fr"]
    home.hero_image = _image(tenant.territory)
    home.hero_image_alt = '"><script>alert(1)</script>'
    home.save_revision().publish()
    html = client.get("/fr/", HTTP_HOST=tenant.host).content.decode()
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "<script>alert(1)" not in html


def _news_form(page, image, alt: str) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": page.date.isoformat(),
            "summary": page.summary,
            "image": image.pk,
            "image_alt": alt,
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "og_image": "",
        }
    )


def test_the_admin_asks_for_the_alt_text_of_a_chosen_image(two_territories):
    tenant = two_territories[0]
    index = NewsIndexPage.objects.child_of(_homes(tenant.territory)["fr"]).get()
    page = NewsPage(title="Port", slug="port", summary="s")
    index.add_child(instance=page)
    page.save_revision()
    picture = _image(tenant.territory)
    client = admin_client(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    for blank in ("", "   "):
        response = client.post(url, _news_form(page, picture, blank))
        assert response.status_code == 200
        assert "image_alt" in response.context["form"].errors, blank

    response = client.post(url, _news_form(page, picture, FRENCH))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().image_alt == FRENCH


def test_the_edit_forms_show_each_alt_field(two_territories):
    home = _homes(two_territories[0].territory)["fr"]
    filiere = EcosystemPage(title="Santé", slug="sante", summary="s")
    EcosystemIndexPage.objects.child_of(home).get().add_child(instance=filiere)
    client = admin_client(UserFactory(is_superuser=True, is_staff=True))
    for page, names in ((home, ["hero_image_alt"]), (filiere, ["image_alt", "contact_photo_alt"])):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        for name in names:
            assert f'name="{name}"' in response.content.decode(), name


def test_a_story_gallery_photo_is_translated_not_copied(client, two_territories):
    """wagtail-localize copies the rows of a child model that is not translatable: the
    English story would show the French caption and alt text. Translated, it reads English."""
    from tests.attractiveness.test_success_stories import add_ecosystem, add_story

    tenant = two_territories[0]
    territory = tenant.territory
    filiere = add_ecosystem(territory)
    add_ecosystem(territory, "en", "Health", translation_key=filiere.translation_key)
    story = add_story(territory, filiere)
    story.photos = [
        SuccessStoryPhoto(image=_image(territory), image_alt=FRENCH, caption="La nouvelle usine")
    ]
    story.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(story)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert {FRENCH, "La nouvelle usine"} <= strings

    english = Locale.objects.get(language_code="en")
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        text = {FRENCH: ENGLISH, "La nouvelle usine": "The new plant"}.get(segment.string.data)
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            data=text or segment.string.data,
        )
    translation, _created = source.create_or_update_translation(english)
    translation.save_revision().publish()
    translated = SuccessStoryPage.objects.get(pk=translation.pk)
    (photo,) = translated.photos.all()
    assert (photo.image_alt, photo.caption, photo.locale) == (ENGLISH, "The new plant", english)
    (original,) = SuccessStoryPage.objects.get(pk=story.pk).photos.all()
    assert original.image_alt == FRENCH and original.translation_key == photo.translation_key
    html = client.get(translated.relative_url(territory.site), HTTP_HOST=tenant.host)
    assert f'alt="{ENGLISH}"' in html.content.decode()


def test_the_migration_gives_each_existing_photo_its_pages_locale_and_a_key(two_territories):
    from importlib import import_module

    from django.apps import apps

    from tests.attractiveness.test_success_stories import add_ecosystem, add_story

    territory = two_territories[0].territory
    filiere = add_ecosystem(territory, "en", "Health")
    story = add_story(territory, filiere, "en")
    story.photos = [SuccessStoryPhoto(image=_image(territory), image_alt="a", caption="b")]
    story.save_revision().publish()
    french = Locale.objects.get(language_code="fr")
    SuccessStoryPhoto.objects.update(locale=french)  # as if it had none yet
    before = set(SuccessStoryPhoto.objects.values_list("translation_key", flat=True))
    import_module("attractiveness.migrations.0017_story_photos_translatable").bootstrap(apps, None)
    (photo,) = SuccessStoryPhoto.objects.filter(page=story)
    assert photo.locale.language_code == "en" and photo.translation_key not in before
