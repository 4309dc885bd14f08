"""Migration operations for what only PostgreSQL has (full-text configurations, generated
columns, expression indexes): SQL run there, nothing elsewhere (SQLite in development)."""

from django.db import migrations


def postgresql_only(sql: str, reverse_sql: str) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse_sql)

    return migrations.RunPython(forwards, backwards, elidable=False)
