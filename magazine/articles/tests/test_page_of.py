"""`page_of` picks a queryset's page by primary key (the database sorts keys, not whole
articles): the same articles, in the same order, as slicing the queryset."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from magazine.articles.models import ArticlePage
from magazine.articles.pagination import page_of

PER_PAGE = 3


@pytest.mark.parametrize("number", ["1", "2", "5", "999", "abc"])
def test_a_page_holds_what_slicing_gives(number):
    articles = ArticlePage.objects.published().for_listing()
    page = page_of(RequestFactory().get("/", {"page": number}), articles, PER_PAGE)
    start = (page.number - 1) * PER_PAGE
    expected = list(articles[start : start + PER_PAGE])
    assert expected
    assert list(page.object_list) == expected


def test_a_page_is_read_with_what_its_cards_show(django_assert_num_queries):
    articles = ArticlePage.objects.published().for_listing()
    page = page_of(RequestFactory().get("/", {"page": "2"}), articles, PER_PAGE)
    with django_assert_num_queries(3):  # the articles, their authors, their themes
        for article in page.object_list:
            assert article.authors
            list(article.themes.all())


def test_a_list_is_cut_as_it_is():
    page = page_of(RequestFactory().get("/", {"page": "2"}), list(range(10)), PER_PAGE)
    assert list(page.object_list) == [3, 4, 5]


def _count(response):
    html = response.content.decode()
    return int(html.split('class="listing-title">Articles (', 1)[1].split(")", 1)[0])


def test_a_list_is_counted_once_until_a_publication(client, publish):
    """Counting a subject's articles is done once per generation (an author's 2,000 articles of
    10,000: 5 ms of every request); the next publication is counted at once."""
    theme = ArticlePage.objects.published().first().themes.first()
    url = theme.get_absolute_url()
    counted = _count(client.get(url))
    assert counted == ArticlePage.objects.published().in_theme(theme).count()
    with CaptureQueriesContext(connection) as queries:
        assert _count(client.get(url, {"page": "2"})) == counted  # not a page stored in cache
    assert not [query for query in queries if "COUNT(" in query["sql"]], queries.captured_queries

    article = ArticlePage.objects.published().exclude(themes=theme).first()
    article.themes.add(theme)
    publish(article)
    assert _count(client.get(url)) == counted + 1
