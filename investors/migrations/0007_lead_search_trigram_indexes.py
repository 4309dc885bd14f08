"""The Leads listing's search on PostgreSQL: a trigram index for each searched column.

The admin's search is ``icontains`` on the contact's name, the email and the company, which
Django writes ``UPPER("col"::text) LIKE UPPER('%word%')``: no btree helps, and its count read
every lead of the territory (131 ms at 100,000 leads on the shared machine). A GIN index of
pg_trgm on that very expression answers it (33 ms; docs/performance.md, CRM). The indexes
are not in ``Lead.Meta.indexes``: SQLite has no GIN, and nothing else reads them. pg_trgm is
a trusted extension (PostgreSQL 13+): the database's owner may create it. Built
``CONCURRENTLY`` (outside a transaction): inquiries keep arriving while it runs.
"""

from django.db import migrations

COLUMNS = ("contact_name", "email", "company")


def _postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS investors_lead_{column}_trgm "
            "ON investors_lead "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if not _postgresql(schema_editor):
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS investors_lead_{column}_trgm")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("investors", "0006_lead_company_index_with_id")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
