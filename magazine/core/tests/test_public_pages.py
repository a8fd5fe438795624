"""Each public page type answers with its key content."""

import re

import pytest

from magazine.articles.models import ArticlePage
from magazine.core.tests.browser.demo_pages import DEMO_PAGES
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_base_layout_has_skip_link_navigation_and_footer(client):
    html = _html(client, "/")
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    for label, url in [
        ("Thèmes", "/themes/"),
        ("Territoires", "/territoires/"),
        ("Dossiers", "/dossiers/"),
        ("Archives", "/archives/"),
        ("Recherche", "/recherche/"),
        ("À propos", "/a-propos/"),
    ]:
        assert f'<a href="{url}">{label}</a>' in html
    for url in ["/mentions-legales/", "/confidentialite/", "/accessibilite/", "/ecoconception/"]:
        assert f'href="{url}"' in html
    assert 'rel="license">Creative Commons BY-SA 4.0</a>' in html
    assert "<script" not in html


def test_home_shows_picks_latest_dossiers_and_themes(client):
    html = _html(client, "/")
    assert "À la une" in html and "Derniers articles" in html and "Dossiers en cours" in html
    newest = ArticlePage.objects.published().first()
    assert newest.url in html
    for theme in Theme.objects.all():
        assert theme.get_absolute_url() in html


def test_article_index_is_paginated_newest_first(client):
    html = _html(client, "/articles/")
    articles = list(ArticlePage.objects.published())
    first, second = html.find(articles[0].url), html.find(articles[1].url)
    assert 0 <= first < second
    assert "Page 1 sur 2" in html
    assert articles[-1].url in _html(client, "/articles/?page=2")
    assert "Page 2 sur 2" in _html(client, "/articles/?page=99")
    assert "Page 1 sur 2" in _html(client, "/articles/?page=abc")


def test_theme_page_lists_only_its_articles(client):
    theme = Theme.objects.get(slug="participation-citoyenne")
    html = _html(client, theme.get_absolute_url())
    assert "<h1>Participation citoyenne</h1>" in html
    for article in ArticlePage.objects.published():
        in_theme = article.themes.filter(pk=theme.pk).exists()
        assert (article.url in html) is in_theme, article.slug


def test_territory_kind_and_territory_pages(client):
    kind = TerritoryKind.objects.get(slug="metropole")
    html = _html(client, kind.get_absolute_url())
    assert "<h1>Métropole</h1>" in html
    assert "/territoires/metropole/rennes-metropole/" in html
    territory = Territory.objects.get(slug="rennes-metropole")
    html = _html(client, territory.get_absolute_url())
    assert "SIREN 243500139" in html
    assert ArticlePage.objects.get(slug="donnees-mobilite-metropole").url in html
    _html(client, "/territoires/region/rennes-metropole/", status=404)


def test_author_pages_present_the_collective(client):
    html = _html(client, "/auteurs/")
    for author in Author.objects.all():
        assert author.get_absolute_url() in html
    html = _html(client, "/auteurs/jules-ferrand/")
    assert "Déclaration d’intérêts" in html
    assert ArticlePage.objects.get(slug="budget-participatif-qui-vote").url in html


def test_tag_page_lists_tagged_articles(client):
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    tag = article.tags.first()
    html = _html(client, f"/mots-cles/{tag.slug}/")
    assert article.url in html
    _html(client, "/mots-cles/inexistant/", status=404)


def test_dossier_pages_list_articles_in_reading_order(client):
    html = _html(client, "/dossiers/")
    assert "/dossiers/mairies-rurales-numerique/" in html
    html = _html(client, "/dossiers/mairies-rurales-numerique/")
    order = [
        html.find("/articles/etat-civil-mairie-rurale/"),
        html.find("/articles/secretaire-de-mairie/"),
        html.find("/articles/conseillers-numeriques-trois-ans/"),
    ]
    assert -1 not in order and order == sorted(order)


@pytest.mark.parametrize(
    "slug", ["a-propos", "mentions-legales", "confidentialite", "accessibilite", "ecoconception"]
)
def test_standard_pages_have_real_content(client, slug):
    html = _html(client, f"/{slug}/")
    assert html.count("<p>") >= 5
    assert "<h2" in html


def test_archives_count_articles_by_year_and_month(client):
    html = _html(client, "/archives/")
    total = 0
    for year in (2025, 2026):
        count = ArticlePage.objects.published().published_in(year).count()
        total += count
        assert f'<a href="/archives/{year}/">{year}</a> ({count} article' in html
    assert total == ArticlePage.objects.published().count()
    html = _html(client, "/archives/2025/04/")
    assert "/articles/etat-civil-mairie-rurale/" in html
    _html(client, "/archives/2025/13/", status=404)
    _html(client, "/archives/1999/", status=404)


def test_search_finds_published_articles(client):
    html = _html(client, "/recherche/?q=secrétaire")
    assert "/articles/secretaire-de-mairie/" in html
    assert "Aucun article" in _html(client, "/recherche/?q=zzzzqqq")
    _html(client, "/recherche/?q=%00%ff&page=-3")


def test_missing_page_is_a_french_404(client):
    html = _html(client, "/cette-page-n-existe-pas/", status=404)
    assert "Page introuvable" in html


def _site_map(client, settings, django_assert_max_num_queries, max_queries=25):
    # Rendered, not answered from the full-page cache.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]
    with django_assert_max_num_queries(max_queries):
        return _html(client, "/plan-du-site/")


def test_site_map_links_every_section_subject_and_standard_page(
    client, settings, django_assert_max_num_queries
):
    from django.urls import reverse

    from magazine.core.models import StandardPage
    from magazine.dossiers.models import DossierPage

    html = _site_map(client, settings, django_assert_max_num_queries)
    assert reverse("site_map") == "/plan-du-site/"
    assert "<h1>Plan du site</h1>" in html
    expected = ["/", "/articles/", "/archives/", "/themes/", "/territoires/", "/dossiers/"]
    expected += ["/auteurs/", "/recherche/", "/corrections/", "/flux/rss/", "/flux/atom/"]
    expected += [theme.get_absolute_url() for theme in Theme.objects.all()]
    expected += [kind.get_absolute_url() for kind in TerritoryKind.objects.all()]
    expected += [territory.get_absolute_url() for territory in Territory.objects.all()]
    expected += [dossier.url for dossier in DossierPage.objects.live()]
    expected += [author.get_absolute_url() for author in Author.objects.all()]
    expected += [page.url for page in StandardPage.objects.live()]
    expected += [f"/archives/{year}/" for year in (2025, 2026)]
    main = html.split('<main id="contenu"')[1].split("</main>")[0]
    for url in expected:
        assert f'<a href="{url}"' in main, url
    for slug in [
        "a-propos",
        "mentions-legales",
        "confidentialite",
        "accessibilite",
        "ecoconception",
    ]:
        assert f'<a href="/{slug}/"' in main
    # Territories are nested under their kind.
    kind = main.split('<a href="/territoires/departement/">')[1].split("</li>\n")[0]
    assert '<ul><li><a href="/territoires/departement/cantal/">Cantal</a></li>' in kind


def test_site_map_leaves_out_what_readers_cannot_see(
    client, settings, django_assert_max_num_queries
):
    from wagtail.models import PageViewRestriction

    from magazine.core.models import StandardPage
    from magazine.dossiers.models import DossierPage

    dossier = DossierPage.objects.live().first()
    dossier_url = dossier.url
    dossier.unpublish()
    private = StandardPage.objects.get(slug="a-propos")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    html = _site_map(client, settings, django_assert_max_num_queries)
    main = html.split('<main id="contenu"')[1].split("</main>")[0]
    assert f'href="{dossier_url}"' not in main
    assert 'href="/a-propos/"' not in main
    assert 'href="/mentions-legales/"' in main


def test_every_page_links_to_the_site_map(client):
    assert '<a href="/plan-du-site/">Plan du site</a>' in _html(client, "/")


@pytest.mark.parametrize("demo_page", DEMO_PAGES, ids=str)
def test_every_url_in_a_page_is_valid(client, demo_page):
    """Issue 11, defect 13: the W3C Nu checker rejected every page, whose inline favicon's
    `data:` URL held raw spaces. No href or src may hold white space."""
    html = _html(client, demo_page.path, demo_page.status)
    urls = re.findall(r'\s(?:href|src)="([^"]*)"', html)
    assert urls
    assert [url for url in urls if re.search(r"\s", url)] == []
    assert 'rel="icon" href="data:image/svg+xml,%3Csvg%20xmlns=' in html
