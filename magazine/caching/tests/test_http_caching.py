"""HTTP caching of the HTML: validators, conditional requests, compression, and what browsers and
shared caches are allowed to keep — with the page cache on and off."""

import gzip

import pytest
from django.utils.http import http_date, parse_http_date

from magazine.articles.models import ArticlePage
from magazine.caching import pagecache
from magazine.operations.middleware import PUBLIC_CSP

ARTICLE = "/articles/etat-civil-mairie-rurale/"
READING_PAGES = ["/", ARTICLE, "/themes/", "/archives/", "/flux/rss/", "/a-propos/"]


@pytest.fixture(autouse=True, params=[True, False], ids=["page-cache", "no-page-cache"])
def page_cache(request, settings):
    settings.LEMAG_PAGE_CACHE = request.param
    pagecache.generation.forget_local_copies()
    yield request.param
    pagecache.generation.forget_local_copies()


@pytest.mark.parametrize("path", READING_PAGES)
def test_reading_pages_carry_validators_and_a_shared_cache_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"]
    assert parse_http_date(response["Last-Modified"])
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=1"} <= cache_control
    assert "Accept-Encoding" in response["Vary"]
    assert response["X-Accel-Expires"].startswith("@")
    assert not response.cookies


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_if_none_match_answers_304(client, encoding):
    first = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=encoding)
    for _ in range(2):  # the second one from the page cache when it is on
        again = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == first["Cache-Control"]
    other = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH='"autre"')
    assert other.status_code == 200


def test_if_modified_since_answers_304(client):
    last_modified = client.get(ARTICLE)["Last-Modified"]
    assert client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 1)
    assert client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_publication_changes_the_validators(client, django_capture_on_commit_callbacks):
    first = client.get(ARTICLE)
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Un état civil enfin numérique"
        article.save_revision().publish()
    again = client.get(
        ARTICLE,
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert again.status_code == 200
    assert "Un état civil enfin numérique" in again.content.decode()
    assert again["ETag"] != first["ETag"]
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


def test_html_is_compressed_for_clients_that_accept_it(client):
    plain = client.get(ARTICLE)
    for _ in range(2):
        compressed = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert compressed["Content-Encoding"] == "gzip"
        assert int(compressed["Content-Length"]) < len(plain.content) / 3
        assert gzip.decompress(compressed.content) == plain.content


def test_stored_copies_carry_the_security_headers(client):
    for _ in range(2):
        response = client.get(ARTICLE)
        assert response["Content-Security-Policy"] == PUBLIC_CSP
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Permissions-Policy"]


def test_head_is_answered_like_get(client):
    client.get(ARTICLE)
    response = client.head(ARTICLE)
    assert response.status_code == 200
    assert response.content == b""
    assert "public" in response["Cache-Control"]


def test_admin_and_logged_in_readers_get_private_responses(client, admin_client):
    admin = admin_client.get("/admin/")
    assert admin.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in admin["Cache-Control"].split(",")}
    assert "X-Accel-Expires" not in admin
    reader = admin_client.get(ARTICLE)
    assert "private" in reader["Cache-Control"]
    assert "public" not in reader["Cache-Control"]
    assert "X-Accel-Expires" not in reader
