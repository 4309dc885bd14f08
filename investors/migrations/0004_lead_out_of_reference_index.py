"""Leads leave Wagtail's reference index (investors.viewsets.LeadViewSet): the rows recorded
for them so far go too, or a page's usage would keep listing leads, and a lead erased later
would leave its rows behind (nothing removes them once the model is not tracked)."""

from django.db import migrations


def forget_lead_references(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    lead = ContentType.objects.filter(app_label="investors", model="lead").first()
    if lead is not None:
        ReferenceIndex.objects.filter(base_content_type=lead).delete()
        ReferenceIndex.objects.filter(content_type=lead).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("investors", "0003_merge_20261202_2210"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forget_lead_references, migrations.RunPython.noop)]
