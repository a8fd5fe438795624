"""/archives/: years, months and articles, with counts, filterable by theme and territory kind."""

import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils.text import slugify

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.taxonomy.models import TerritoryKind, Theme


def _filter_combinations():
    themes = [None, *Theme.objects.values_list("slug", flat=True)]
    kinds = [None, *TerritoryKind.objects.values_list("slug", flat=True)]
    return list(itertools.product(themes, kinds))


def _params(theme, kind):
    return {key: value for key, value in (("theme", theme), ("territoire", kind)) if value}


def _expected(theme, kind, **date):
    articles = ArticlePage.objects.published()
    if theme:
        articles = articles.filter(themes__slug=theme)
    if kind:
        articles = articles.filter(territory_kinds__slug=kind)
    return articles.filter(**{f"first_published_at__{key}": value for key, value in date.items()})


def test_year_counts_match_the_database_under_every_filter(client):
    for theme, kind in _filter_combinations():
        response = client.get(reverse("articles:archive_index"), _params(theme, kind))
        assert response.status_code == 200
        counts = {row["year"]: row["count"] for row in response.context["years"]}
        years = {
            date.year
            for date in _expected(theme, kind).values_list("first_published_at", flat=True)
        }
        assert counts == {year: _expected(theme, kind, year=year).count() for year in years}
        assert sum(counts.values()) == _expected(theme, kind).count()


def test_month_counts_and_listings_match_the_database_under_every_filter(client):
    years = {
        date.year
        for date in ArticlePage.objects.published().values_list("first_published_at", flat=True)
    }
    for year, (theme, kind) in itertools.product(years, _filter_combinations()):
        response = client.get(reverse("articles:archive_year", args=[year]), _params(theme, kind))
        assert response.status_code == 200
        counts = {row["month"]: row["count"] for row in response.context["months"]}
        assert response.context["page_obj"].paginator.count == sum(counts.values())
        assert sum(counts.values()) == _expected(theme, kind, year=year).count()
        for month, count in counts.items():
            assert count == _expected(theme, kind, year=year, month=month).count()
            month_page = client.get(
                reverse("articles:archive_month", args=[year, month]), _params(theme, kind)
            )
            assert month_page.context["page_obj"].paginator.count == count


def test_filtered_links_keep_the_filters(client):
    params = {"theme": "gouvernance-des-donnees"}
    html = client.get(reverse("articles:archive_index"), params).content.decode()
    year = (
        ArticlePage.objects.published()
        .in_theme(Theme.objects.get(slug="gouvernance-des-donnees"))
        .first()
        .first_published_at.year
    )
    assert f'href="/archives/{year}/?theme=gouvernance-des-donnees"' in html


def test_filter_form_is_plain_labelled_get_form(client):
    html = client.get(reverse("articles:archive_index")).content.decode()
    assert '<form method="get" class="filters">' in html
    assert '<label for="id_theme">Thème</label>' in html
    assert '<select name="theme" id="id_theme">' in html
    assert '<label for="id_territoire">Type de territoire</label>' in html
    assert '<button type="submit">Filtrer</button>' in html
    assert "<script" not in html


def test_pagination_keeps_the_filters(client):
    section = ArticleIndexPage.objects.get()
    for number in range(14):
        page = ArticlePage(title=f"Archive {number}", slug=slugify(f"archive {number}"), live=False)
        page.themes = Theme.objects.filter(slug="inclusion-numerique")
        section.add_child(instance=page)
        with time_machine.travel("2024-02-10 09:00", tick=False):
            page.save_revision().publish()
    url = reverse("articles:archive_month", args=[2024, 2])
    response = client.get(url, {"theme": "inclusion-numerique", "territoire": "nulle-part"})
    assert response.context["page_obj"].paginator.count == 14
    assert 'href="?theme=inclusion-numerique&amp;page=2"' in response.content.decode()
    assert (
        len(client.get(url, {"theme": "inclusion-numerique", "page": 2}).context["page_obj"]) == 2
    )
    assert (
        client.get(url, {"theme": "services-publics-locaux"}).context["page_obj"].paginator.count
        == 0
    )


def test_unknown_filters_are_ignored(client):
    unfiltered = client.get(reverse("articles:archive_index")).context["years"]
    response = client.get(
        reverse("articles:archive_index"), {"theme": "inconnu", "territoire": "7"}
    )
    assert response.status_code == 200
    assert list(response.context["years"]) == list(unfiltered)


def _titles(response):
    return [article.title for article in response.context["page_obj"]]


def test_an_article_is_archived_in_the_month_of_paris_where_it_was_published(client):
    """23:30 UTC on 31 December is already New Year's Day in Paris: the archives (and the
    sitemap) count the article in January of the next year, where its page dates it."""
    index = ArticleIndexPage.objects.get()
    page = ArticlePage(title="Vœux de l’intercommunalité", slug="voeux-ic", live=False)
    index.add_child(instance=page)
    with time_machine.travel("2023-12-31 23:30Z", tick=False):
        page.save_revision().publish()
    january = client.get(reverse("articles:archive_month", args=[2024, 1]))
    assert "Vœux de l’intercommunalité" in _titles(january)
    assert "Vœux de l’intercommunalité" in january.content.decode()
    assert client.get(reverse("articles:archive_year", args=[2023])).status_code == 404
    years = client.get(reverse("articles:archive_index")).context["years"]
    assert {row["year"]: row["count"] for row in years}[2024] == 1

    page.refresh_from_db()
    page.first_published_at = page.first_published_at.replace(year=2022)  # an import fixes it
    page.save(update_fields=["first_published_at"])
    assert "Vœux de l’intercommunalité" in _titles(
        client.get(reverse("articles:archive_month", args=[2023, 1]))
    )
    assert _titles(client.get(reverse("articles:archive_month", args=[2024, 1]))) == []
    assert client.get(reverse("articles:archive_year", args=[2024])).status_code == 404


def test_year_without_articles_is_not_found_but_empty_filter_is(client):
    assert client.get(reverse("articles:archive_year", args=[1999])).status_code == 404
    year = ArticlePage.objects.published().first().first_published_at.year
    response = client.get(
        reverse("articles:archive_year", args=[year]),
        {"theme": "inclusion-numerique", "territoire": "europe"},
    )
    assert response.status_code == 200


ARCHIVE_QUERIES = [
    "theme=%ff",
    "theme=%00",
    "territoire=%00&theme=%ff%fe",
    "theme=inclusion-numerique&theme=services-publics-locaux",
    "page=abc",
    "page=-3",
    "page=999999999999999999999",
    "page=%00",
    "theme=" + "x" * 10_000,
    "territoire='\";--",
]


@pytest.mark.parametrize("raw", ARCHIVE_QUERIES)
@pytest.mark.parametrize(
    ("url", "status"),
    [("/archives/", 200), ("/archives/2025/", 200), ("/archives/2025/04/", 200)]
    + [("/archives/1999/", 404), ("/archives/2025/13/", 404)],
)
def test_any_archive_query_string_is_safe(client, url, status, raw):
    assert client.get(f"{url}?{raw}").status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/archives/0000/",
        "/archives/0001/",
        "/archives/9999/",
        "/archives/0000/01/",
        "/archives/0001/01/",
        "/archives/9999/12/",
        "/archives/2025/00/",
        "/archives/2025/13/",
        "/archives/2025/99/",
        "/archives/0000/00/",
        "/archives/99999/",
        "/archives/99999/01/",
        "/archives/2025/1/",
    ],
)
def test_impossible_dates_are_not_found(client, url):
    """Issue 11, defect 8: years 0 and 1 (and 9999 in the month view) raised
    `year 0 is out of range` / OverflowError, a 500."""
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
