"""An offer's photos say what they show in the offer's language (core/alt_text.py): each photo
is a translatable row, its alt text a segment wagtail-localize offers the translator; the
offer page, its cards and its sharing image read the page's language's text, fall back as
``image_alt`` does (never the library's French on the English site), escape a hostile text;
migration 0007 links and cleans the photos that wagtail-localize had copied."""

import re
from importlib import import_module
from uuid import uuid4

import pytest
from django.apps import apps
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from realestate.models import OfferPage, OfferPhoto

from .conftest import make_offer, offer_index

pytestmark = pytest.mark.django_db

FRENCH = "Plateau de bureaux ouvert, lumière du sud, deuxième étage"
ENGLISH = "Open-plan office floor, south light, second floor"
LIBRARY = "Plateau du 2e (description de la médiathèque)"
HOSTILE = '"><script>alert(1)</script>'


def _image(tenant, description=LIBRARY) -> Image:
    return Image.objects.create(
        title="IMG_0042.jpg",
        description=description,
        file=get_test_image_file(),
        collection=tenant.territory.collection,
    )


def _alts(html: str, css_class: str | None = None) -> list[str]:
    """The alt texts of the offer gallery's images, or of the images with ``css_class``."""
    if css_class is None:
        gallery = re.search(r'<ul class="offer-gallery".*?</ul>', html, re.S)
        assert gallery, "no gallery"
        tags = re.findall(r"<img[^>]*>", gallery.group(0))
    else:
        tags = re.findall(rf'<img[^>]*class="{css_class}"[^>]*>', html)
    assert tags, f"no image ({css_class or 'gallery'})"
    return [re.search(r'alt="([^"]*)"', tag).group(1) for tag in tags]


def _get(client, tenant, page) -> str:
    response = client.get(page.relative_url(tenant.territory.site), HTTP_HOST=tenant.host)
    assert response.status_code == 200, page.url_path
    return response.content.decode()


def _index(tenant, language="fr"):
    """The territory's offer index in ``language`` (each language has its own tree)."""
    french = offer_index(tenant)
    return (
        french
        if language == "fr"
        else french.get_translation(Locale.objects.get(language_code=language))
    )


def _offer(tenant, alt=FRENCH, language="fr", **fields) -> OfferPage:
    offer = make_offer(_index(tenant, language), 7, **fields)
    offer.photos = [OfferPhoto(image=_image(tenant), image_alt=alt)]
    offer.save_revision().publish()
    return OfferPage.objects.get(pk=offer.pk)


def _translate(offer: OfferPage, texts: dict) -> OfferPage:
    """The offer translated into English with wagtail-localize, ``texts`` translating its
    strings (the others kept as they are), and published."""
    source, _created = TranslationSource.get_or_create_from_instance(offer)
    english = Locale.objects.get(language_code="en")
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            data=texts.get(segment.string.data, segment.string.data),
        )
    translation, _created = source.create_or_update_translation(english)
    translation.save_revision().publish()
    return OfferPage.objects.get(pk=translation.pk)


def test_the_photos_alt_text_is_translated_and_the_image_synchronised():
    kinds = {field.field_name: type(field) for field in get_translatable_fields(OfferPage)}
    assert kinds["photos"] is TranslatableField
    kinds = {field.field_name: type(field) for field in get_translatable_fields(OfferPhoto)}
    assert kinds["image_alt"] is TranslatableField
    assert kinds["image"] is SynchronizedField  # the same picture in every language
    assert OfferPhoto._meta.get_field("image_alt").max_length == 250


def test_a_translated_offer_reads_its_own_alt_text(client, two_territories):
    """The translator sees the French alt text among the offer's strings; the English offer,
    its card in the English listing and its sharing image read the English one, the French
    offer still the French one; the other territory shows neither."""
    own, other = two_territories
    french = _offer(own)
    source, _created = TranslationSource.get_or_create_from_instance(french)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert FRENCH in strings

    english = _translate(french, {FRENCH: ENGLISH})
    (photo,) = english.photos.all()
    (original,) = french.photos.all()
    assert (photo.image_alt, photo.locale.language_code) == (ENGLISH, "en")
    assert photo.translation_key == original.translation_key and photo.image_id == original.image_id
    assert original.image_alt == FRENCH

    page = _get(client, own, english)
    assert _alts(page) == [ENGLISH]
    assert f'og:image:alt" content="{ENGLISH}"' in page
    assert _alts(_get(client, own, _index(own, "en")), "card__image") == [ENGLISH]
    assert FRENCH not in page
    french_page = _get(client, own, french)
    assert _alts(french_page) == [FRENCH] and ENGLISH not in french_page
    assert _alts(_get(client, own, offer_index(own)), "card__image") == [FRENCH]
    for language in ("fr", "en"):
        html = _get(client, other, _index(other, language))
        assert FRENCH not in html and ENGLISH not in html


def test_without_its_own_text_only_the_librarys_language_reads_the_description(
    client, two_territories
):
    """A photo left without a text (a copy migration 0007 emptied, an older row) falls back
    as ``image_alt`` does: the library's description on the French offer, decorative on the
    English one, where the French description is never read."""
    own, _other = two_territories
    french = _offer(own, alt="")
    english = _offer(own, alt="", language="en", slug="offre-en", reference="REF-EN")
    french_page, english_page = _get(client, own, french), _get(client, own, english)
    assert _alts(french_page) == [LIBRARY]
    assert f'og:image:alt" content="{LIBRARY}"' in french_page
    assert _alts(english_page) == [""]
    assert _alts(_get(client, own, _index(own, "en")), "card__image") == [""]
    assert "médiathèque" not in english_page and "IMG_0042" not in english_page


def test_a_hostile_alt_text_is_escaped(client, two_territories):
    own, _other = two_territories
    offer = _offer(own, alt=HOSTILE)
    escaped = 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'
    for html in (_get(client, own, offer), _get(client, own, offer_index(own))):
        assert escaped in html
        assert "<script>alert(1)" not in html


def test_the_migration_links_the_copies_and_empties_the_source_text_they_kept(two_territories):
    """Before 0007 wagtail-localize copied the photos: the English offer held the French alt
    text, in a row of no locale. The migration gives each row its page's locale, one key to
    the rows of one photo, empties the copied text (not a text the translation changed), and
    renames the field in the revisions."""
    own, _other = two_territories
    french = _offer(own)
    french.photos = [
        OfferPhoto(image=_image(own), image_alt=text, sort_order=order)
        for order, text in enumerate((FRENCH, "Le parking"))
    ]
    french.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(french)
    english_locale = Locale.objects.get(language_code="en")
    Translation.objects.create(source=source, target_locale=english_locale).save_target()
    english = OfferPage.objects.get(translation_key=french.translation_key, locale=english_locale)
    # As wagtail-localize left it: the French texts, but the second one translated by hand.
    copies = list(english.photos.order_by("sort_order"))
    assert [p.image_alt for p in copies] == [FRENCH, "Le parking"]
    OfferPhoto.objects.filter(pk=copies[1].pk).update(image_alt="The car park")
    french_locale = Locale.objects.get(language_code="fr")
    for photo in OfferPhoto.objects.all():  # as if they had no locale nor key yet
        OfferPhoto.objects.filter(pk=photo.pk).update(locale=french_locale, translation_key=uuid4())
    revision = english.latest_revision
    for item in revision.content["photos"]:
        item["alt_text"] = item.pop("image_alt")
        del item["locale"], item["translation_key"]
    revision.save(update_fields=["content"])

    import_module("realestate.migrations.0007_offer_photos_translatable").bootstrap(apps, None)

    originals = list(OfferPhoto.objects.filter(page=french).order_by("sort_order"))
    copies = list(OfferPhoto.objects.filter(page=english).order_by("sort_order"))
    assert [p.image_alt for p in originals] == [FRENCH, "Le parking"]
    assert [p.image_alt for p in copies] == ["", "The car park"]
    assert {p.locale_id for p in originals} == {french_locale.pk}
    assert {p.locale_id for p in copies} == {english_locale.pk}
    assert [p.translation_key for p in copies] == [p.translation_key for p in originals]
    assert len({p.translation_key for p in originals}) == 2
    revision.refresh_from_db()
    saved = revision.content["photos"]
    assert [item["image_alt"] for item in saved] == [FRENCH, "Le parking"]  # as it was
    assert {item["locale"] for item in saved} == {english_locale.pk}
    assert revision.as_object().photos.all()[0].image_alt == FRENCH


def test_a_newsletters_offer_card_reads_the_photos_alt_text(two_territories):
    """A letter's offer card shows the offer's first photo with its own alt text (it read the
    image library's description, French whatever the offer's language)."""
    from newsletters.models import MailingList, Newsletter
    from newsletters.rendering import render_newsletter

    own, _other = two_territories
    for language, offer in (
        ("fr", _offer(own)),
        ("en", _translate(_offer(own, slug="offre-8", reference="REF-8"), {FRENCH: ENGLISH})),
    ):
        letter = Newsletter.objects.create(
            territory=own.territory, subject="Lettre", body=[{"type": "offer", "value": offer.pk}]
        )
        letter.lists.set(
            [MailingList.objects.create(territory=own.territory, name=language, language=language)]
        )
        html = render_newsletter(letter).html
        assert f'alt="{ENGLISH if language == "en" else FRENCH}"' in html, language
        assert LIBRARY not in html
