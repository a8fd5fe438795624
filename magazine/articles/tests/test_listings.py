"""The lists of articles: the section, themes, territories, tags, archives."""

from magazine.articles.models import ArticlePage
from magazine.taxonomy.models import Territory, TerritoryKind, Theme
from magazine.testing import html_of


def test_article_index_is_paginated_newest_first(client):
    html = html_of(client, "/articles/")
    articles = list(ArticlePage.objects.published())
    first, second = html.find(articles[0].url), html.find(articles[1].url)
    assert 0 <= first < second
    assert "Page 1 sur 2" in html
    assert articles[-1].url in html_of(client, "/articles/?page=2")
    assert "Page 2 sur 2" in html_of(client, "/articles/?page=99")
    assert "Page 1 sur 2" in html_of(client, "/articles/?page=abc")


def test_theme_page_lists_only_its_articles(client):
    theme = Theme.objects.get(slug="participation-citoyenne")
    html = html_of(client, theme.get_absolute_url())
    assert "<h1>Participation citoyenne</h1>" in html
    for article in ArticlePage.objects.published():
        in_theme = article.themes.filter(pk=theme.pk).exists()
        assert (article.url in html) is in_theme, article.slug


def test_territory_kind_and_territory_pages(client):
    kind = TerritoryKind.objects.get(slug="metropole")
    html = html_of(client, kind.get_absolute_url())
    assert "<h1>Métropole</h1>" in html
    assert "/territoires/metropole/rennes-metropole/" in html
    territory = Territory.objects.get(slug="rennes-metropole")
    html = html_of(client, territory.get_absolute_url())
    assert "SIREN 243500139" in html
    assert ArticlePage.objects.get(slug="donnees-mobilite-metropole").url in html
    html_of(client, "/territoires/region/rennes-metropole/", status=404)


def test_tag_page_lists_tagged_articles(client):
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    tag = article.tags.first()
    html = html_of(client, f"/mots-cles/{tag.slug}/")
    assert article.url in html
    html_of(client, "/mots-cles/inexistant/", status=404)


def test_archives_count_articles_by_year_and_month(client):
    html = html_of(client, "/archives/")
    total = 0
    for year in (2025, 2026):
        count = ArticlePage.objects.published().published_in(year).count()
        total += count
        assert f'<a href="/archives/{year}/">{year}</a> ({count} article' in html
    assert total == ArticlePage.objects.published().count()
    html = html_of(client, "/archives/2025/04/")
    assert "/articles/etat-civil-mairie-rurale/" in html
    html_of(client, "/archives/2025/13/", status=404)
    html_of(client, "/archives/1999/", status=404)
