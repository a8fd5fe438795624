"""The generation: what readers see changes at once, what they do not see changes nothing, and
what each process remembers for it is bounded and never outlives it."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from magazine.caching import generation as generations
from magazine.caching.generation import generation
from magazine.core import routing
from magazine.core.models import SiteSettings

ARTICLE = "/articles/etat-civil-mairie-rurale/"
NOON = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.LEMAG_PAGE_CACHE = True


def test_an_unpublished_article_is_gone_at_once(
    client, article, django_capture_on_commit_callbacks
):
    assert client.get(ARTICLE).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(ARTICLE).status_code == 404


def test_an_article_made_private_leaves_the_page_cache_at_once(
    client, article, django_capture_on_commit_callbacks
):
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


def test_migrate_starts_a_new_generation(db):
    """A deployment runs migrate: nothing rendered by the previous code is served."""
    before = generation.current()
    call_command("migrate", verbosity=0)
    generation.forget_local_copies()
    assert generation.current() > before


def test_a_login_keeps_the_generation_a_renamed_user_does_not(
    client, django_capture_on_commit_callbacks
):
    """A reviewer's name is on the articles they reviewed; logging in changes nothing public."""
    before = generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/login/", {"username": "redaction", "password": "demo-redaction-2026"}
        )
    assert response.status_code == 302  # logged in: last_login saved
    user = get_user_model().objects.get(username="redaction")
    with django_capture_on_commit_callbacks(execute=True):
        user.set_password("un-autre-mot-de-passe-2026")
        user.save()
    assert generation.current() == before  # nothing public changed

    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Camille"
        user.save()
    assert generation.current() > before


def test_a_process_remembers_a_bounded_number_of_values(monkeypatch):
    """Per generation, a process remembers routes, URLs and parts up to a bound: endless
    distinct searches from a crawler are worked out each time, not kept."""
    monkeypatch.setattr(generations, "PER_GENERATION_MAX_VALUES", 2)
    memo = generations.PerGeneration()
    computed = []

    def compute(key):
        computed.append(key)
        return key.upper()

    for key in ["a", "b", "c", "a", "c"]:
        assert memo.get(key, lambda key=key: compute(key)) == key.upper()
    assert computed == ["a", "b", "c", "c"]  # "a" and "b" kept, "c" beyond the bound
    generation.bump()
    memo.get("a", lambda: compute("a"))
    assert computed[-1] == "a"  # a new generation forgets everything


def test_the_header_is_remembered_per_generation(client, home, django_capture_on_commit_callbacks):
    def header():
        return client.get("/").content.decode().split("</header>")[0]

    site_settings = SiteSettings.for_site(home.get_site())
    with time_machine.travel(NOON, tick=False):
        assert "Le Mag des communes" not in header()
        SiteSettings.objects.filter(pk=site_settings.pk).update(magazine_name="Le Mag des communes")
        assert "Le Mag des communes" not in header()  # remembered: not rendered again
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.magazine_name = "Le Mag des communes"
        site_settings.save()
    assert "Le Mag des communes" in header()


def test_a_change_seen_during_a_request_is_not_remembered_for_the_new_generation(
    client, home, monkeypatch
):
    """A request works with the generation it saw first: what it renders after another process
    changed something is not kept for the generation that change started."""
    original = routing.RoutingMiddleware.process_view
    slow = {"request": False}
    with time_machine.travel(NOON, tick=False) as clock:

        def process_view(self, *args):
            result = original(self, *args)
            if slow["request"]:
                clock.shift(0.3)  # the generation is read again before the page is rendered
            return result

        monkeypatch.setattr(routing.RoutingMiddleware, "process_view", process_view)
        client.get(ARTICLE)
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.magazine_name = "Le Mag des communes"
        site_settings.save()
        generations.Generation().bump()  # another process, after its commit
        clock.shift(0.1)  # this one has not looked yet
        slow["request"] = True
        client.get(ARTICLE)
        slow["request"] = False
        clock.shift(5)
        header = client.get(ARTICLE).content.decode().split("</header>")[0]
        assert "Le Mag des communes" in header
