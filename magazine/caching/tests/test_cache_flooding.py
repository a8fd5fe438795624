"""Readers cannot flush the caches (issue 11, defect 10): what is stored is bounded by what the
site publishes, not by the query strings, ports or host names readers make up, and readers who
fill the page cache make it forget pages, never the generation."""

import copy

import pytest
from django.core.cache import caches
from django.db import connection

from magazine.articles.filters import ArticleFilterForm
from magazine.articles.pagination import PAGE_PARAMETER
from magazine.caching import generation as generations
from magazine.search.forms import SearchFilterForm

ARTICLE = "/articles/etat-civil-mairie-rurale/"


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.LEMAG_PAGE_CACHE = True


def stored_keys(family, settings):
    """The keys of the entries of `family` ("page") in every table of the shared
    cache, as the database holds them."""
    keys = set()
    for config in settings.CACHES.values():
        if config["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
            continue
        table = connection.ops.quote_name(config["LOCATION"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT cache_key FROM {table} WHERE cache_key LIKE %s", [f"%lemag:{family}:%"]
            )
            keys.update(row[0] for row in cursor.fetchall())
    return keys


def test_unknown_query_parameters_are_answered_not_stored(client, settings):
    assert client.get("/articles/")["X-Page-Cache"] == "miss"
    pages = stored_keys("page", settings)
    for query in ["?utm_source=1", "?utm_source=2", "?utm_source=1", "?page=2&fbclid=x"]:
        response = client.get(f"/articles/{query}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
    assert stored_keys("page", settings) == pages
    assert client.get("/articles/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("path", "form"), [("/articles/", ArticleFilterForm), ("/recherche/", SearchFilterForm)]
)
def test_the_parameters_a_list_reads_are_stored(client, settings, path, form):
    """Every filter of the list, its page and the words searched: a filter added to the forms
    and not to pagecache.QUERY_PARAMETERS would never be stored."""
    query = dict.fromkeys([*form().fields, PAGE_PARAMETER, "q"], "x")
    pages = stored_keys("page", settings)
    assert client.get(path, query)["X-Page-Cache"] == "miss"
    assert len(stored_keys("page", settings) - pages) == 1
    assert client.get(path, query)["X-Page-Cache"] == "hit"


def test_a_made_up_port_or_spelling_of_the_host_is_answered_not_stored(client, settings):
    stored = client.get(ARTICLE)
    assert 'href="http://testserver/articles/etat-civil-mairie-rurale/"' in stored.content.decode()
    pages = stored_keys("page", settings)
    for host in ["testserver:1234", "testserver:5678", "TestServer", "testserver."]:
        response = client.get(ARTICLE, HTTP_HOST=host)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
        # Rendered for the host it was asked for: no copy may be shared with another.
        assert f'href="http://{host}/articles/etat-civil-mairie-rurale/"' in (
            response.content.decode()
        )
    assert stored_keys("page", settings) == pages
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"

    # The port the request came in on (the test client's: 80) is the site's own address.
    assert client.get(ARTICLE, HTTP_HOST="testserver:80")["X-Page-Cache"] == "miss"
    assert client.get(ARTICLE, HTTP_HOST="testserver:80")["X-Page-Cache"] == "hit"


def test_names_a_wildcard_lets_through_are_answered_not_stored(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".lemag.example"]
    pages = stored_keys("page", settings)
    for name in ["a", "b"]:
        response = client.get(ARTICLE, HTTP_HOST=f"{name}.lemag.example")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "miss"
    assert stored_keys("page", settings) == pages


def test_the_routing_memo_keeps_one_site_per_name_and_a_bounded_number(
    client, settings, monkeypatch
):
    def sites():
        return [key for key in generations.remembered.current() if key[0] == "site"]

    for port in [1111, 2222, 3333]:
        assert client.get(ARTICLE, HTTP_HOST=f"testserver:{port}").status_code == 200
    assert sites() == [("site", "testserver", "80")]  # the port the request came in on

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".lemag.example"]
    bound = len(generations.remembered.current()) + 3
    monkeypatch.setattr(generations, "PER_GENERATION_MAX_VALUES", bound)
    for number in range(10):
        assert client.get(ARTICLE, HTTP_HOST=f"n{number}.lemag.example").status_code == 200
    assert len(generations.remembered.current()) == bound


def test_flooding_the_page_cache_keeps_the_generation(
    client, settings, django_assert_max_num_queries
):
    """Values of the parameters the lists read have no end (`?page=2`, `?page=3`…): the pages
    they make are culled among themselves."""
    small = copy.deepcopy(settings.CACHES)
    for config in small.values():  # a small table, culled after a few pages
        if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            config["OPTIONS"] = {"MAX_ENTRIES": 12}
    settings.CACHES = small
    client.get(ARTICLE)
    generation = caches["default"].get(generations.GENERATION_KEY)
    assert generation is not None

    for number in range(2, 40):
        assert client.get("/articles/", {"page": number})["X-Page-Cache"] == "miss"

    assert len(stored_keys("page", settings)) <= 13  # culled: the flood reached the bound
    assert caches["default"].get(generations.GENERATION_KEY) == generation
    # A new process serves the article from its compiled record: the generation, the article
    # and its record.
    generations.generation.forget_local_copies()
    settings.LEMAG_PAGE_CACHE = False
    with django_assert_max_num_queries(3):
        assert client.get(ARTICLE).status_code == 200
