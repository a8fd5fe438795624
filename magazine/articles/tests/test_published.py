"""« Published » articles: live, and under no view restriction, neither their own nor an
ancestor's; found without reading the pages once per article (at 10,000 articles, SQLite took
5 s per article page and 18 s for /articles/ so: bench/corpus.py measures every page type)."""

import pytest
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.articles.models.querysets import in_private_section
from magazine.dossiers.models import DossierIndexPage

ARTICLE = "etat-civil-mairie-rurale"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]


def _published():
    return set(ArticlePage.objects.published().values_list("slug", flat=True))


def _restrict(page, restriction_type=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="relecture"
    )


def test_a_restricted_article_is_not_published():
    everything = _published()
    restriction = _restrict(ArticlePage.objects.get(slug=ARTICLE), PageViewRestriction.PASSWORD)
    assert _published() == everything - {ARTICLE}
    restriction.delete()
    assert _published() == everything


def test_a_restricted_section_hides_every_article_it_holds(client):
    assert ArticlePage.objects.published().exists()
    _restrict(ArticleIndexPage.objects.get())
    assert not ArticlePage.objects.published().exists()
    html = client.get("/").content.decode()  # the home page, not restricted, lists none
    assert not [article.url for article in ArticlePage.objects.live() if article.url in html]


def test_a_restriction_elsewhere_hides_no_article():
    everything = _published()
    _restrict(DossierIndexPage.objects.get())
    assert _published() == everything


def test_in_private_section_is_the_restricted_page_and_its_descendants():
    section = DossierIndexPage.objects.get()
    assert not Page.objects.filter(in_private_section()).exists()
    assert Page.objects.exclude(in_private_section()).count() == Page.objects.count()
    _restrict(section)
    _restrict(section)  # a second restriction on the same page changes nothing
    private = set(Page.objects.filter(in_private_section()).values_list("pk", flat=True))
    assert private == {section.pk, *section.get_descendants().values_list("pk", flat=True)}
    public = set(Page.objects.exclude(in_private_section()).values_list("pk", flat=True))
    assert public == set(Page.objects.values_list("pk", flat=True)) - private


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_published_needs_no_subquery_per_article():
    """The restriction used to be a correlated EXISTS: for each article, SQLite scanned every
    page for the restricted ancestors (`CORRELATED SCALAR SUBQUERY` … `SCAN`)."""
    _restrict(DossierIndexPage.objects.get())
    sql, params = ArticlePage.objects.published().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert not [step for step in plan if "SUBQUERY" in step], plan


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_latest_articles_are_read_from_the_index_of_dates():
    """The home page's latest articles sorted every article, body included, before keeping six
    (10,000 articles: 70 ms). Ties broken by the page's path, and an index on (first publication,
    path) (migration articles 0012), let SQLite walk the index and stop after six; the cards do
    not read the body."""
    articles = ArticlePage.objects.published().for_listing()
    picks = list(articles.editors_picks().values_list("pk", flat=True)[:3])
    latest = articles.exclude(pk__in=picks)[:6]  # as the home page lists them
    plan = _plan(latest)
    assert any(
        "USING INDEX articles_page_published_path" in step
        or "USING INDEX wagtailcore_page_first_published_at" in step
        for step in plan
    ), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    sql = str(latest.query)
    assert '"articles_articlepage"."body"' not in sql
    assert list(latest) == list(ArticlePage.objects.published().exclude(pk__in=picks)[:6])


def test_the_corrections_page_reads_no_list_of_published_articles():
    from magazine.articles.models import ArticleCorrection

    sql = str(ArticleCorrection.objects.published().query)
    assert "IN (SELECT" not in sql, sql


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_articles_listing_walks_the_index_to_its_page():
    """/articles/ sorted every article to show twenty (10,014 articles: 23.4 ms of CPU); with the
    index on (first publication, path), 13.8 ms (bench/corpus.py)."""
    pks = ArticlePage.objects.published().order_by("-first_published_at", "-path").values("pk")
    plan = _plan(pks[:20])
    assert any("USING INDEX articles_page_published_path" in step for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


def _subject(method):
    """A subject of the demo (a theme, an author…) that `ArticlePage.objects.<method>` takes,
    and the lookup that joins the articles to it."""
    from magazine.dossiers.models import DossierArticle

    article = ArticlePage.objects.published().filter(tagged_items__isnull=False).first()
    return {
        "in_theme": (article.themes.first(), "themes"),
        "in_territory_kind": (article.territory_kinds.first(), "territory_kinds"),
        "in_territory": (article.territories.first(), "territories"),
        "by_author": (article.article_authors.first().author, "article_authors__author"),
        "tagged": (article.tags.first(), "tagged_items__tag"),
        "in_dossier": (DossierArticle.objects.first().dossier, "dossier_links__dossier"),
    }[method]


SUBJECTS = ["in_theme", "in_territory_kind", "in_territory", "by_author", "tagged", "in_dossier"]


@pytest.mark.parametrize("method", SUBJECTS)
def test_a_subject_lists_the_articles_joined_to_it(method):
    subject, joined = _subject(method)
    articles = ArticlePage.objects.published()
    listed = list(getattr(articles, method)(subject).values_list("pk", flat=True))
    expected = list(articles.filter(**{joined: subject}).distinct().values_list("pk", flat=True))
    assert listed and listed == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("method", SUBJECTS)
def test_a_subjects_page_walks_the_index_of_dates(method):
    """Joined to its subject, a theme's first page sorted all its articles (2,500 of 10,000:
    5.9 ms of SQL); tested article by article (EXISTS), SQLite walks the index of dates and stops
    at the page (0.04 ms; bench/corpus.py)."""
    subject, _ = _subject(method)
    pks = getattr(ArticlePage.objects.published(), method)(subject).values("pk")
    plan = _plan(pks[:12])
    assert any("USING INDEX articles_page_published_path" in step for step in plan), plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
