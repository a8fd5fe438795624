"""The articles section (a Wagtail page) and the listing views paginate the same way."""

import re

import pytest


@pytest.fixture(autouse=True)
def _small_pages(settings, monkeypatch):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCache" not in name]
    monkeypatch.setattr("magazine.articles.listing.ArticleListView.paginate_by", 3)
    monkeypatch.setattr("magazine.articles.models.pages.LISTING_PAGE_SIZE", 3)


def _position(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    match = re.search(r"Page (\d+) sur (\d+)", response.content.decode())
    return int(match.group(1)), int(match.group(2))


@pytest.mark.parametrize(
    "listing", ["/articles/", "/archives/2026/", "/themes/inclusion-numerique/"]
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2), ("abc", 1), ("", 1), ("-1", "last"), ("0", "last"), ("9999", "last")],
)
def test_same_answer_to_any_page_number(client, listing, value, expected):
    _, last = _position(client, listing)
    assert last >= 2
    number, _ = _position(client, f"{listing}?page={value}")
    assert number == (last if expected == "last" else expected)
