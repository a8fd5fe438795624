"""Fragments kept per revision, the routing each process remembers: an article is served from
them with one query, exactly as rendered from scratch, and whatever it shows changes at once."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from magazine.articles.models import ArticlePage
from magazine.caching import pagecache
from magazine.core import routing
from magazine.core.models import SiteSettings

ARTICLE = "/articles/etat-civil-mairie-rurale/"
NOON = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fragments(settings):
    """Fragments kept, pages not (each request renders its page); nothing in this process's
    memory from another test."""
    settings.LEMAG_FRAGMENT_CACHE = True
    settings.LEMAG_PAGE_CACHE = False


def test_kept_fragments_give_the_page_rendered_from_scratch(client, settings):
    settings.LEMAG_FRAGMENT_CACHE = False
    scratch = client.get(ARTICLE)
    settings.LEMAG_FRAGMENT_CACHE = True
    stored = client.get(ARTICLE)
    kept = client.get(ARTICLE)
    assert scratch.status_code == stored.status_code == kept.status_code == 200
    # The footer's weight counts the article's pictures: the fragments replay them.
    assert "Cette page pèse" in kept.content.decode()
    assert kept.content == stored.content == scratch.content


def test_an_article_is_served_with_one_query(client, django_assert_num_queries):
    with time_machine.travel(NOON, tick=False):  # the generations read once
        client.get(ARTICLE)
        with django_assert_num_queries(1):  # the article itself, which must still be live
            response = client.get(ARTICLE)
    assert response.status_code == 200
    assert "la dématérialisation vue d’une petite mairie</h1>" in response.content.decode()


def test_a_new_revision_is_served_at_once(client, article, publish):
    client.get(ARTICLE)
    publish(article, title="Un état civil enfin numérique")
    html = client.get(ARTICLE).content.decode()
    assert "<h1>Un état civil enfin numérique</h1>" in html
    assert 'content="Un état civil enfin numérique"' in html  # the head's metadata too


def test_another_publication_keeps_the_body_and_refreshes_the_links(client, publish):
    path = "/articles/fin-du-cuivre-territoires/"
    chosen = ArticlePage.objects.get(slug="illectronisme-mesurer")  # its editors' choice
    client.get(path)
    # Changed behind Wagtail's back (no publication): only a new rendering would show it.
    ArticlePage.objects.filter(slug="fin-du-cuivre-territoires").update(
        chapo="Chapô changé sans publication"
    )
    publish(chosen, title="Mesurer l’illectronisme")
    html = client.get(path).content.decode()
    assert ">Mesurer l’illectronisme</a>" in html  # the related articles are rendered again
    assert '<p class="chapo">Chapô changé sans publication</p>' not in html  # the body is not


def test_a_changed_image_description_is_served_at_once(
    client, article, django_capture_on_commit_callbacks
):
    client.get(ARTICLE)
    image = article.lead_image
    with django_capture_on_commit_callbacks(execute=True):
        image.description = "Un registre d’état civil ouvert sur un écran"
        image.save()
    assert (
        'alt="Un registre d’état civil ouvert sur un écran"' in client.get(ARTICLE).content.decode()
    )


def test_a_linked_page_moved_by_a_new_slug_is_linked_at_once(client, article, publish):
    target = ArticlePage.objects.get(slug="illectronisme-mesurer")
    article.body.append(
        ("paragraph", RichText(f'<p>Voir <a linktype="page" id="{target.pk}">la mesure</a>.</p>'))
    )
    publish(article)
    assert 'href="/articles/illectronisme-mesurer/"' in client.get(ARTICLE).content.decode()
    assert client.get("/articles/illectronisme-mesurer/").status_code == 200  # its route known

    publish(target, slug="mesurer-illectronisme")

    html = client.get(ARTICLE).content.decode()
    assert 'href="/articles/mesurer-illectronisme/"' in html
    assert 'href="/articles/illectronisme-mesurer/"' not in html
    assert client.get("/articles/mesurer-illectronisme/").status_code == 200
    old = client.get("/articles/illectronisme-mesurer/")  # Wagtail's redirect, not the page
    assert (old.status_code, old["Location"]) == (301, "/articles/mesurer-illectronisme/")


def test_changed_site_settings_are_served_at_once(client, home, django_capture_on_commit_callbacks):
    client.get(ARTICLE)
    site_settings = SiteSettings.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.magazine_name = "Le Mag des territoires connectés"
        site_settings.save()
    html = client.get(ARTICLE).content.decode()
    assert html.count("Le Mag des territoires connectés") >= 2  # header, footer, citation


def test_a_preview_is_neither_stored_nor_served_from_the_fragments(client, article):
    client.get(ARTICLE)
    article.title = "Titre du brouillon"
    preview = article.make_preview_request()
    assert "<h1>Titre du brouillon</h1>" in preview.content.decode()
    assert "Titre du brouillon" not in client.get(ARTICLE).content.decode()


def test_an_unpublished_article_is_gone_at_once(
    client, article, django_capture_on_commit_callbacks
):
    assert client.get(ARTICLE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(ARTICLE).status_code == 404


def test_an_article_made_private_is_private_at_once(
    client, article, django_capture_on_commit_callbacks
):
    assert client.get(ARTICLE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(ARTICLE)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={ARTICLE}"


def test_an_article_made_private_leaves_the_page_cache_at_once(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.LEMAG_PAGE_CACHE = True
    client.get(ARTICLE)
    assert client.get(ARTICLE)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=article, restriction_type=PageViewRestriction.PASSWORD, password="relecture"
        )
    response = client.get(ARTICLE)
    html = response.content.decode()
    assert "X-Page-Cache" not in response  # neither served from the cache nor stored
    assert 'name="password"' in html
    assert "la dématérialisation vue d’une petite mairie" not in html


def test_migrate_starts_new_generations(db):
    """A deployment runs migrate: nothing rendered by the previous code is served."""
    before = (pagecache.generation.current(), pagecache.generation.current_structure())
    call_command("migrate", verbosity=0)
    pagecache.generation.forget_local_copies()
    after = (pagecache.generation.current(), pagecache.generation.current_structure())
    assert after[0] > before[0]
    assert after[1] > before[1]


def test_a_login_keeps_the_generations_a_renamed_user_does_not(
    client, django_capture_on_commit_callbacks
):
    """A reviewer's name is on the articles they reviewed; logging in changes nothing public."""
    before = (pagecache.generation.current(), pagecache.generation.current_structure())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/login/", {"username": "redaction", "password": "demo-redaction-2026"}
        )
    assert response.status_code == 302  # logged in: last_login saved
    assert (pagecache.generation.current(), pagecache.generation.current_structure()) == before

    user = get_user_model().objects.get(username="redaction")
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("un-autre-mot-de-passe-2026")
        user.save()
    assert pagecache.generation.current_structure() == before[1]  # nothing public changed

    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Camille"
        user.save()
    assert pagecache.generation.current_structure() > before[1]


def test_a_process_remembers_a_bounded_number_of_values(monkeypatch):
    """Per generation, a process remembers routes, URLs and weights up to a bound: endless
    distinct searches from a crawler are worked out each time, not kept."""
    monkeypatch.setattr(pagecache, "PER_GENERATION_MAX_VALUES", 2)
    memo = pagecache.PerGeneration()
    computed = []

    def compute(key):
        computed.append(key)
        return key.upper()

    for key in ["a", "b", "c", "a", "c"]:
        assert memo.get(key, lambda key=key: compute(key)) == key.upper()
    assert computed == ["a", "b", "c", "c"]  # "a" and "b" kept, "c" beyond the bound
    pagecache.generation.bump()
    memo.get("a", lambda: compute("a"))
    assert computed[-1] == "a"  # a new generation forgets everything


# Races and clocks (found in review): what a request stores is what it rendered, under the
# generations it started with.


def _consulted(html):
    return re.search(r"Consulté le ([^\]]+)\]", html).group(1)


def _body(html):
    return html.split('<article class="article">')[1].split("</article>")[0]


def test_the_citation_says_the_day_it_is_read(client):
    with time_machine.travel(NOON, tick=False) as clock:
        first = client.get(ARTICLE).content.decode()
        clock.shift(datetime.timedelta(days=3))
        later = client.get(ARTICLE).content.decode()
    assert (_consulted(first), _consulted(later)) == ("27 novembre 2026", "30 novembre 2026")


def test_a_publication_in_a_fresh_process_knows_both_generations(publish):
    """A new worker whose first request publishes reads both generations from the shared cache:
    it never stores fragments under an unknown structure, that later processes would read."""
    other = ArticlePage.objects.get(slug="illectronisme-mesurer")
    with time_machine.travel(NOON, tick=False):
        pagecache.generation.forget_local_copies()
        publish(other)
        assert None not in pagecache.generation.pair()


def test_a_structure_read_before_its_page_generation_renders_afresh(client, home):
    """Another process's structural change, seen between its two writes."""
    cache = caches["default"]
    with time_machine.travel(NOON, tick=False) as clock:
        client.get(ARTICLE)  # the site and its settings remembered
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.magazine_name = "Le Mag des communes"
        site_settings.save()
        cache.set(pagecache.STRUCTURE_KEY, cache.get(pagecache.STRUCTURE_KEY) + 1, timeout=None)
        clock.shift(1)
        assert "Le Mag des communes" in _body(client.get(ARTICLE).content.decode())
        cache.set(pagecache.GENERATION_KEY, cache.get(pagecache.GENERATION_KEY) + 1, timeout=None)
        clock.shift(1)
        pagecache.generation.forget_local_copies()  # a new process
        assert "Le Mag des communes" in _body(client.get(ARTICLE).content.decode())


def test_a_change_seen_during_a_request_is_not_stored_under_the_new_generations(
    client, home, monkeypatch
):
    original = routing.RoutingMiddleware.process_view
    slow = {"request": False}
    with time_machine.travel(NOON, tick=False) as clock:

        def process_view(self, *args):
            result = original(self, *args)
            if slow["request"]:
                clock.shift(0.3)  # the generations are read again before the page is rendered
            return result

        monkeypatch.setattr(routing.RoutingMiddleware, "process_view", process_view)
        client.get(ARTICLE)
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.magazine_name = "Le Mag des communes"
        site_settings.save()
        pagecache.Generation().bump(structure=True)  # another process, after its commit
        clock.shift(0.1)  # this one has not looked yet
        slow["request"] = True
        client.get(ARTICLE)
        slow["request"] = False
        clock.shift(5)
        pagecache.generation.forget_local_copies()  # a new process
        assert "Le Mag des communes" in _body(client.get(ARTICLE).content.decode())
