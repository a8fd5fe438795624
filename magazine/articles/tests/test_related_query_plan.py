"""« À lire aussi » reads each shared item's articles once, not once per article of the magazine
(at 10,000 articles, four correlated counts per article cost PostgreSQL 0.3 to 0.7 s per
article page: bench/corpus.py measures it)."""

import pytest
from django.db import connection

from magazine.articles.models import ArticlePage


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_related_articles_need_no_subquery_per_article():
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    assert article.themes.exists() and article.tags.exists()
    related = ArticlePage.objects.published().related_to(article, chosen=[1])
    sql, params = related.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert [step for step in plan if "LIST SUBQUERY" in step], plan  # each item's articles
    assert not [step for step in plan if "CORRELATED" in step], plan
