"""Full-text matching and ranking, one class per database; `for_connection()` picks the right one.

Both answer, in one query, the same two questions about a reader's query, among every indexed
article or only those `within` some sets of ids (a theme's, a year's…): how many articles match,
and which match best, in order, for one page of results. The query comes as `text.query_words`:
an article matches when it has every word, in any of its forms. (The total comes from a
subquery, not `count(*) OVER ()`: a window function forces a full sort instead of a top-N one,
4× slower.)
Title weighs more than chapô, which weighs more than body.
"""

from django.db import connection

from magazine.search import text

FTS_TABLE = "magazine_search_fts"


def _total_and_ids(rows):
    """(How many match, the ids of this slice) from rows of (id, total)."""
    return (rows[0][1] if rows else 0), [row[0] for row in rows]


def _within(column, id_queries):
    """The SQL condition (and its parameters) keeping the rows whose `column` is in every one of
    `id_queries`, querysets selecting one column of article ids."""
    conditions, params = [], []
    for ids in id_queries:
        sql, sql_params = ids.order_by().query.sql_with_params()
        conditions.append(f" AND {column} IN ({sql})")
        params += sql_params
    return "".join(conditions), params


class SQLiteIndex:
    """An FTS5 table of the entries' analysed text (`text.analyse`), ranked by bm25."""

    # bm25 weights of the FTS5 columns, in order: title, chapô, body.
    WEIGHTS = (10.0, 4.0, 1.0)
    # `+rowid`, not `rowid`: else SQLite hands each candidate to FTS5 as a separate lookup.
    ROWID = "+rowid"

    def store(self, entries):
        rows = [
            (
                entry.pk,
                text.analyse(entry.title),
                text.analyse(entry.chapo),
                text.analyse(entry.body),
            )
            for entry in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [row[:1] for row in rows]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, chapo, body) VALUES (%s, %s, %s, %s)", rows
            )

    def forget(self, page_ids):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(page_id,) for page_id in page_ids]
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    @staticmethod
    def _match(words):
        """`("elu" OR "elus") AND ("conseil" OR "conseils")`: every term quoted, FTS5 reads it as
        a plain token, never as an operator."""
        groups = []
        for forms in words:
            if terms := dict.fromkeys(term for term in map(text.stem, forms) if term):
                groups.append("(" + " OR ".join(f'"{term}"' for term in terms) + ")")
        return " AND ".join(groups)

    def search(self, words, limit, offset, within=()):
        condition, params = _within(self.ROWID, within)
        weights = ", ".join(str(weight) for weight in self.WEIGHTS)
        matches = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s{condition}"
        match_params = [self._match(words), *params]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, (SELECT count(*) {matches}) {matches} "
                f"ORDER BY bm25({FTS_TABLE}, {weights}), rowid DESC LIMIT %s OFFSET %s",
                [*match_params, *match_params, limit, offset],
            )
            return _total_and_ids(cursor.fetchall())


class PostgresIndex:
    """Generated `tsvector` columns, French and unaccented: `search_vector` (title A, chapô B,
    body C; GIN-indexed) decides what matches, `rank_vector` (title A, chapô B) the order, then
    the latest created first. Ranking on `search_vector` would read, decompress and score the
    large vector of every match: 130 ms for a word found in 10,000 articles, against 10 ms.

    The function `magazine_search_matches` (migration 0003) lists the matches and their rank
    through the GIN index; they are read once, kept (`MATERIALIZED`), then both counted and
    sorted: one pass over the table and one round trip per search.
    """

    TSQUERY = "plainto_tsquery('french_unaccent', %s)"

    @classmethod
    def _tsquery(cls, words):
        """(SQL, parameters) of the tsquery: every word in any of its forms, each form analysed
        by PostgreSQL itself."""
        groups = ["(" + " || ".join([cls.TSQUERY] * len(forms)) + ")" for forms in words]
        return " && ".join(groups), [form for forms in words for form in forms]

    def store(self, entries):
        """PostgreSQL computes the vectors itself whenever an entry is written."""

    def forget(self, page_ids):
        """The vectors go with their entry."""

    def clear(self):
        """The vectors go with their entry."""

    def search(self, words, limit, offset, within=()):
        condition, params = _within("page_id", within)
        tsquery, forms = self._tsquery(words)
        sql = (
            "WITH matches AS MATERIALIZED ("
            f"SELECT page_id, rank FROM magazine_search_matches({tsquery}) WHERE TRUE"
            f"{condition}) "
            "SELECT page_id, (SELECT count(*) FROM matches) FROM matches "
            "ORDER BY rank DESC, page_id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*forms, *params, limit, offset])
            return _total_and_ids(cursor.fetchall())


def for_connection():
    return PostgresIndex() if connection.vendor == "postgresql" else SQLiteIndex()
