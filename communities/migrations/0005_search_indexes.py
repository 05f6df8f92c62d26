"""Indexes for search on PostgreSQL: the pg_trgm extension and GIN indexes.

They are made here, in operations that look at the database, and not in `Meta.indexes`, so that
SQLite (which has neither) migrates the same way and `makemigrations --check` finds nothing to
do on either database. The GIN trigram indexes serve the typo-tolerant `%>` comparisons of
communities/search.py on the short fields. (At the programme's size, a few hundred communities,
the planner may still prefer to read the table; the indexes matter as the catalogue grows.)
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations

INDEXES = {
    "community_search_trigram": (
        "communities_community USING gin (name gin_trgm_ops, keywords gin_trgm_ops)"
    ),
    "practicearea_search_trigram": (
        "communities_practicearea USING gin (name gin_trgm_ops, keywords gin_trgm_ops)"
    ),
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other database objects may use it by then.
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_obvious_keywords"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
