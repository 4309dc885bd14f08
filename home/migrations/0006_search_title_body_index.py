"""The site search's GIN index on PostgreSQL. Wagtail's database backend (modelsearch)
matches ``(title || body) @@ query``: its own GIN indexes are on ``title`` and ``body``
apart, which that expression cannot use, so every search walked the territory's pages one
index entry at a time (85 ms for a word found nowhere with 50,000 pages; bench/search.py,
docs/performance.md). An index on the expression itself lets PostgreSQL start from the
matching entries. Other databases: nothing to do."""

from django.db import migrations

from core.postgres import postgresql_only

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_indexentry_title_body "
    "ON wagtailsearch_indexentry USING gin ((title || body));"
)
DROP = "DROP INDEX IF EXISTS search_indexentry_title_body;"



class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_merge_0003_easy_read_0004_search_promotions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [postgresql_only(CREATE, DROP)]
