"""The full-text index beside the entries: each database gets its own.

SQLite: an FTS5 table fed with text analysed in Python (`magazine.search.text`).
PostgreSQL: a French configuration that ignores accents (`french_unaccent`: the `unaccent`
dictionary, then the French Snowball stemmer); a generated, GIN-indexed `tsvector` column of title
(weight A), chapô (B) and body (C) to match; a small one of title and chapô to rank (ranking on
the whole text would read every matching article's large vector).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS magazine_search_fts "
    "USING fts5(title, chapo, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS magazine_search_fts"]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$
    """,
    """
    ALTER TABLE magazine_search_articlesearchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
      setweight(to_tsvector('french_unaccent'::regconfig, title), 'A')
      || setweight(to_tsvector('french_unaccent'::regconfig, chapo), 'B')
      || setweight(to_tsvector('french_unaccent'::regconfig, body), 'C')
    ) STORED
    """,
    """
    ALTER TABLE magazine_search_articlesearchentry ADD COLUMN rank_vector tsvector
    GENERATED ALWAYS AS (
      setweight(to_tsvector('french_unaccent'::regconfig, title), 'A')
      || setweight(to_tsvector('french_unaccent'::regconfig, chapo), 'B')
    ) STORED
    """,
    "CREATE INDEX magazine_search_vector_gin "
    "ON magazine_search_articlesearchentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE magazine_search_articlesearchentry DROP COLUMN IF EXISTS rank_vector",
    "ALTER TABLE magazine_search_articlesearchentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("magazine_search", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
