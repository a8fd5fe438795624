"""The home page and the plan of the site."""

from magazine.articles.models import ArticlePage
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme
from magazine.testing import html_of


def test_home_shows_picks_latest_dossiers_and_themes(client):
    html = html_of(client, "/")
    assert "À la une" in html and "Derniers articles" in html and "Dossiers en cours" in html
    newest = ArticlePage.objects.published().first()
    assert newest.url in html
    for theme in Theme.objects.all():
        assert theme.get_absolute_url() in html


def _site_map(client, settings, django_assert_max_num_queries, max_queries=25):
    # Rendered, not answered from the full-page cache.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]
    with django_assert_max_num_queries(max_queries):
        return html_of(client, "/plan-du-site/")


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
    assert '<a href="/plan-du-site/">Plan du site</a>' in html_of(client, "/")
