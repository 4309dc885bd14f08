"""Full-text search in French without accents on PostgreSQL: the ``territoria_french`` text
search configuration, the French stemmer after ``unaccent`` ("Énergie", "energies" and
"énergie" are one lexeme), which settings.WAGTAILSEARCH_BACKENDS names as SEARCH_CONFIG
there. Other databases: nothing to do (Wagtail's SQLite backend has its own tokenizer).
Pages indexed before this migration keep their old lexemes until ``manage.py update_index``
(docs/public-site.md, "Search")."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'territoria_french') THEN
        CREATE TEXT SEARCH CONFIGURATION territoria_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION territoria_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS territoria_french;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_alter_homepage_hero_image")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
