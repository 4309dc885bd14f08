"""The site search's indexes on PostgreSQL (bench/search.py, docs/performance.md: 50,000
pages). Wagtail's database backend (modelsearch) matches ``(title || body) @@ query``: its
own GIN indexes are on ``title`` and ``body`` apart, which that expression cannot use, so
every search walked the territory's pages one index entry at a time, 85 ms for a word
found nowhere; a GIN index on the expression itself lets PostgreSQL start from the matching
entries. When the word is on every page, PostgreSQL still walks the pages (rightly): each
step looked the entry up by ``content_type_id = ANY(16 page types) AND object_id = …``,
16 descents of the unique (content type, object id) index; an index on ``object_id`` makes
it one (83 → 32 ms). Other databases: nothing to do."""

from django.db import migrations

from core.postgres import postgresql_only

CREATE = """
CREATE INDEX IF NOT EXISTS search_indexentry_title_body
    ON wagtailsearch_indexentry USING gin ((title || body));
CREATE INDEX IF NOT EXISTS search_indexentry_object_id ON wagtailsearch_indexentry (object_id);
"""
DROP = """
DROP INDEX IF EXISTS search_indexentry_title_body;
DROP INDEX IF EXISTS search_indexentry_object_id;
"""



class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_merge_0003_easy_read_0004_search_promotions"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [postgresql_only(CREATE, DROP)]
