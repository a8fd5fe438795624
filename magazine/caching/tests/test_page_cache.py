"""The full-page cache: anonymous readers share stored copies, editors never see nor make them,
and anything published afterwards is served right away."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.caching import generation
from magazine.core.models import SiteSettings
from magazine.taxonomy.models import Theme

ARTICLE = "/articles/etat-civil-mairie-rurale/"
NOON = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The cache on (it is off in development and tests), with nothing in this process's memory
    from another test; the shared cache is a table of the test database, rolled back."""
    settings.LEMAG_PAGE_CACHE = True


def test_second_request_is_a_hit_without_any_query(client, django_assert_num_queries):
    with time_machine.travel(NOON, tick=False):  # within the second the generation was read
        first = client.get(ARTICLE)
        with django_assert_num_queries(0):
            second = client.get(ARTICLE)
    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    for header in ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary"]:
        assert second[header] == first[header], header


def test_another_process_is_served_from_the_shared_cache(client, django_assert_max_num_queries):
    first = client.get(ARTICLE)
    generation.generation.forget_local_copies()  # as a fresh gunicorn worker
    with django_assert_max_num_queries(2):  # the generation, then the page
        second = client.get(ARTICLE)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_encoding_and_query_string_has_its_copy(client):
    plain = client.get(ARTICLE)
    compressed = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain["X-Page-Cache"] == compressed["X-Page-Cache"] == "miss"
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"

    assert client.get("/recherche/?q=donnees")["X-Page-Cache"] == "miss"
    assert client.get("/recherche/?q=mairie")["X-Page-Cache"] == "miss"
    assert client.get("/recherche/?q=donnees")["X-Page-Cache"] == "hit"


def test_logged_in_editors_neither_get_nor_leave_copies(admin_client):
    reader = Client()
    reader.get(ARTICLE)  # stored for anonymous readers
    editor = admin_client.get(ARTICLE)
    assert editor.status_code == 200
    assert "X-Page-Cache" not in editor
    assert "private" in editor["Cache-Control"]

    admin_client.get("/articles/")  # an editor first: nothing is stored
    assert reader.get("/articles/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/admin/login/", "/sante/"])
def test_admin_and_health_are_never_cached(client, path):
    for _ in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_requests_with_credentials_or_other_methods_bypass_the_cache(client):
    client.get(ARTICLE)
    assert "X-Page-Cache" not in client.get(ARTICLE, HTTP_AUTHORIZATION="Basic YTpi")
    client.cookies["sessionid"] = "expired-or-forged"
    assert "X-Page-Cache" not in client.get(ARTICLE)
    del client.cookies["sessionid"]
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in client.post("/recherche/", {"q": "mairie"})


def test_errors_are_not_stored(client):
    for _ in range(2):
        response = client.get("/articles/cet-article-n-existe-pas/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_a_publication_is_served_right_away(client, article, publish):
    client.get(ARTICLE)
    client.get("/")
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"

    publish(article, title="Un état civil enfin numérique")

    response = client.get(ARTICLE)
    assert response["X-Page-Cache"] == "miss"
    assert "Un état civil enfin numérique" in response.content.decode()
    assert client.get("/")["X-Page-Cache"] == "miss"  # every page: the home lists the article


def test_an_unpublished_article_disappears(client, article, django_capture_on_commit_callbacks):
    assert client.get(ARTICLE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(ARTICLE).status_code == 404


def test_a_correction_is_served_right_away(client, article, publish):
    """A correction is part of the article: published with it, then on the list of corrections."""
    client.get(ARTICLE)
    client.get("/corrections/")
    article.corrections.add(
        ArticleCorrection(date=timezone.now(), text="Le décret date de 2017, pas de 2016.")
    )
    publish(article)
    assert "Le décret date de 2017, pas de 2016." in client.get(ARTICLE).content.decode()
    assert "Le décret date de 2017, pas de 2016." in client.get("/corrections/").content.decode()


def test_a_renamed_theme_is_served_right_away(client, django_capture_on_commit_callbacks):
    theme = Theme.objects.get(slug="inclusion-numerique")
    path = f"/themes/{theme.slug}/"
    client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Inclusion et médiation numériques"
        theme.save()
    assert "Inclusion et médiation numériques" in client.get(path).content.decode()


def test_changed_site_settings_are_served_right_away(
    client, home, django_capture_on_commit_callbacks
):
    client.get("/")
    site_settings = SiteSettings.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.tagline = "Le numérique des territoires, relu et documenté"
        site_settings.save()
    assert "Le numérique des territoires, relu et documenté" in client.get("/").content.decode()


def test_other_processes_follow_within_a_quarter_of_a_second(client, article):
    """Another process publishes: this one notices at its next look at the generation."""
    with time_machine.travel(NOON, tick=False) as clock:
        client.get(ARTICLE)
        ArticlePage.objects.filter(pk=article.pk).update(
            title="Titre changé ailleurs", last_published_at=timezone.now()
        )
        generation.Generation().bump()  # what that process's receivers do
        assert client.get(ARTICLE)["X-Page-Cache"] == "hit"  # this process has not looked yet
        clock.shift(generation.GENERATION_CHECK_SECONDS)
        response = client.get(ARTICLE)
    assert response["X-Page-Cache"] == "miss"
    assert "Titre changé ailleurs" in response.content.decode()


def test_the_cache_can_be_turned_off(client, settings):
    settings.LEMAG_PAGE_CACHE = False
    assert client.get(ARTICLE)["X-Page-Cache"] == "miss"
    second = client.get(ARTICLE)
    assert second["X-Page-Cache"] == "miss"
    assert second["ETag"] and second["Last-Modified"]  # HTTP caching stays
