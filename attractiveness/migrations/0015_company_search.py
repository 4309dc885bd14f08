"""Companies in the site search (docs/directory.md, "Search").

``search_text``: name, NAF label and commune folded (no case, no accents), the match on
SQLite. On PostgreSQL, ``search_vector``: a column PostgreSQL computes itself from the same
columns (``GENERATED ALWAYS … STORED``: every write, bulk imports included, keeps it right,
with no index task to forget) with the ``territoria_french`` configuration (unaccent, then
the French stemmer; home/migrations/0003_french_unaccent_search.py), and its GIN index. It
is not a field of the model: queries name it in ``CompanyQuerySet.matching``."""

from django.db import migrations, models

from core.postgres import postgresql_only

from home.search import fold

FIELDS = ("name", "naf_label", "commune")

CREATE = """
ALTER TABLE attractiveness_company ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('territoria_french'::regconfig,
        coalesce(name, '') || ' ' || coalesce(naf_label, '') || ' ' || coalesce(commune, '')
    )) STORED;
CREATE INDEX company_search_vector ON attractiveness_company USING gin (search_vector);
"""
DROP = """
DROP INDEX IF EXISTS company_search_vector;
ALTER TABLE attractiveness_company DROP COLUMN IF EXISTS search_vector;
"""


def fill(apps, schema_editor):
    Company = apps.get_model("attractiveness", "Company")
    rows = Company._base_manager.using(schema_editor.connection.alias)
    for company in rows.only("pk", *FIELDS).iterator(chunk_size=2000):
        text = fold(" ".join(getattr(company, name) or "" for name in FIELDS))
        rows.filter(pk=company.pk).update(search_text=text)



class Migration(migrations.Migration):
    dependencies = [
        ("attractiveness", "0014_news_categories_field"),
        ("home", "0003_french_unaccent_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        postgresql_only(CREATE, DROP),
    ]
