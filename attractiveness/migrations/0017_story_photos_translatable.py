"""Success story photos become translatable (wagtail-localize translates their caption and
alt text instead of copying the source's): each existing photo takes its page's locale and a
translation key of its own."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def bootstrap(apps, schema_editor):
    Photo = apps.get_model("attractiveness", "SuccessStoryPhoto")
    Page = apps.get_model("wagtailcore", "Page")
    pages = Page.objects.filter(pk__in=Photo.objects.values("page_id"))
    locales = dict(pages.values_list("pk", "locale_id"))
    for photo in Photo.objects.all():
        photo.locale_id = locales[photo.page_id]
        photo.translation_key = uuid.uuid4()
        photo.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("attractiveness", "0016_image_alt_texts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="successstoryphoto",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="successstoryphoto",
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
            model_name="successstoryphoto",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="successstoryphoto",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterModelOptions(
            name="successstoryphoto",
            options={"abstract": False, "ordering": ["sort_order"]},
        ),
        migrations.AlterUniqueTogether(
            name="successstoryphoto",
            unique_together={("translation_key", "locale")},
        ),
    ]
