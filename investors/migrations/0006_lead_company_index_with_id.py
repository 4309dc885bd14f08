from django.db import migrations, models


class Migration(migrations.Migration):
    """The listing's sort by company ends with the id (a total order for its pages): the
    index follows, so a page's keys come from it alone."""

    dependencies = [
        ("investors", "0005_merge_0004_easy_read_0004_lead_out_of_reference_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="lead", name="investors_lead_company"),
        migrations.AddIndex(
            model_name="lead",
            index=models.Index(
                fields=["territory", "company", "id"], name="investors_lead_company"
            ),
        ),
    ]
