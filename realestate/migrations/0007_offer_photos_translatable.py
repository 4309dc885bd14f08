"""Offer photos become translatable, as story photos did (attractiveness 0017): wagtail-localize
translates their alt text instead of copying the source's. The alt text is renamed
``image_alt`` (core/alt_text.py) and may be 250 characters long.

Each existing photo takes its page's locale. The photos of the pages of one translation group
(the same ``translation_key``) that show the same image at the same place share a translation
key, as wagtail-localize would have made them. A translation's photo whose alt text is its
source's, word for word, is a copy (wagtail-localize synchronised the rows): it is emptied, so
that the translated page falls back as ``image_alt`` does (decorative outside the library's
language) instead of reading the source's language, until the translator translates it.
The pages' revisions get the new field names, so that a draft keeps its alt texts."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def bootstrap(apps, schema_editor):
    Photo = apps.get_model("realestate", "OfferPhoto")
    Page = apps.get_model("wagtailcore", "Page")
    Translation = apps.get_model("wagtail_localize", "Translation")
    pages = {
        pk: (group, locale)
        for pk, group, locale in Page.objects.filter(
            pk__in=Photo.objects.values("page_id")
        ).values_list("pk", "translation_key", "locale_id")
    }
    # Each page's photos in their order; a photo's place: (group, position, image).
    by_page: dict[int, list] = {}
    for photo in Photo.objects.order_by("page_id", "sort_order", "pk"):
        by_page.setdefault(photo.page_id, []).append(photo)
    keys: dict[tuple, uuid.UUID] = {}
    alts: dict[tuple, str] = {}  # (group, position, image, locale) -> its alt text
    for page_id, photos in by_page.items():
        group, locale = pages[page_id]
        for position, photo in enumerate(photos):
            place = (group, position, photo.image_id)
            photo.locale_id = locale
            photo.translation_key = keys.setdefault(place, uuid.uuid4())
            alts[(*place, locale)] = photo.image_alt
    page_of = {value: pk for pk, value in pages.items()}  # (group, locale) -> page
    translations = Translation.objects.values_list(
        "source__object_id", "source__locale_id", "target_locale_id"
    )
    for group, source, target in translations.distinct():
        for position, photo in enumerate(by_page.get(page_of.get((group, target)), ())):
            original = alts.get((group, position, photo.image_id, source))
            if original and photo.image_alt == original:
                photo.image_alt = ""
    rows = [photo for photos in by_page.values() for photo in photos]
    Photo.objects.bulk_update(rows, ["locale", "translation_key", "image_alt"], batch_size=BATCH)
    _rename_in_revisions(apps, {photo.pk: photo for photo in rows})


def _rename_in_revisions(apps, photos: dict) -> None:
    """The offers' revisions hold their photos as JSON: ``alt_text`` becomes ``image_alt``,
    with the photo's locale and translation key (a photo deleted since: its page's locale
    and a key of its own)."""
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    offer_type = ContentType.objects.filter(app_label="realestate", model="offerpage").first()
    if offer_type is None:
        return
    revisions = Revision.objects.filter(content_type=offer_type).only("content", "object_id")
    changed = []
    for revision in revisions.iterator(chunk_size=BATCH):
        content = revision.content or {}
        found = False
        for item in content.get("photos") or []:
            if "alt_text" not in item:
                continue
            found = True
            item["image_alt"] = item.pop("alt_text")
            row = photos.get(item.get("pk"))
            if row is not None:
                item["locale"], item["translation_key"] = row.locale_id, str(row.translation_key)
            else:
                item["locale"] = content.get("locale")
                item["translation_key"] = str(uuid.uuid4())
        if found:
            changed.append(revision)
        if len(changed) >= BATCH:
            Revision.objects.bulk_update(changed, ["content"])
            changed = []
    Revision.objects.bulk_update(changed, ["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("realestate", "0006_merge_0005_easy_read_0005_offer_ecosystem"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField(model_name="offerphoto", old_name="alt_text", new_name="image_alt"),
        migrations.AlterField(
            model_name="offerphoto",
            name="image_alt",
            field=models.CharField(
                help_text="What the image shows, for people who cannot see it, in this page's "
                "language (translated with the page), e.g. “Aerial view of the river port at "
                "sunrise”. Needed once an image is chosen.",
                max_length=250,
                verbose_name="alternative text",
            ),
        ),
        migrations.AddField(
            model_name="offerphoto",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="offerphoto",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(bootstrap, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="offerphoto",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="offerphoto",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterUniqueTogether(
            name="offerphoto",
            unique_together={("translation_key", "locale")},
        ),
    ]
