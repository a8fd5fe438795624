"""One address for the site (issue 11, defect 15): the one `make run` serves, unless
LEMAG_BASE_URL says otherwise; and the admin's dashboard titled with the magazine's name."""

import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from magazine.home.site_structure import ensure_site_structure
from magazine.operations.management.commands import run

MAGAZINE = "Le Mag qui Connecte les Territoires"


@pytest.fixture
def started(monkeypatch, settings):
    """`manage.py run` without starting anything: what it would start, with which
    environment, and the base URL load_demo's banner sees."""
    settings.WAGTAILADMIN_BASE_URL = settings.WAGTAILADMIN_BASE_URL  # restored afterwards
    monkeypatch.setenv("LEMAG_BASE_URL", "")  # unset (restored afterwards)
    seen = {}

    def supervise(command, commands):
        seen["commands"] = commands
        seen["environment"] = dict(os.environ)

    def fake_call_command(name, *args, **kwargs):
        seen.setdefault("base_url_at", {})[name] = django_settings.WAGTAILADMIN_BASE_URL

    monkeypatch.setattr(run.Command, "supervise", supervise)
    monkeypatch.setattr(run, "call_command", fake_call_command)
    return seen


def test_run_gives_its_address_to_the_processes_it_starts(started):
    output = io.StringIO()
    call_command("run", "127.0.0.1:8100", "--demo", stdout=output)
    assert started["environment"]["LEMAG_BASE_URL"] == "http://127.0.0.1:8100"
    assert django_settings.WAGTAILADMIN_BASE_URL == "http://127.0.0.1:8100"
    assert started["base_url_at"]["load_demo"] == "http://127.0.0.1:8100"  # its banner
    assert "administration : http://127.0.0.1:8100/admin/" in output.getvalue()


def test_run_on_every_interface_links_to_this_machine(started):
    call_command("run", "0.0.0.0:8200", stdout=io.StringIO())
    assert started["environment"]["LEMAG_BASE_URL"] == "http://127.0.0.1:8200"


def test_an_explicit_base_url_wins(started, monkeypatch):
    monkeypatch.setenv("LEMAG_BASE_URL", "https://lemag.example.org")
    call_command("run", "127.0.0.1:8100", stdout=io.StringIO())
    assert started["environment"]["LEMAG_BASE_URL"] == "https://lemag.example.org"


def test_the_dashboard_is_titled_with_the_magazine_name(client, user_named):
    client.force_login(user_named("contributrice"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert MAGAZINE in html
    assert "localhost" not in html


def test_an_existing_site_gets_its_name():
    Site.objects.filter(is_default_site=True).update(site_name="")
    ensure_site_structure()
    ensure_site_structure()  # idempotent
    assert Site.objects.get(is_default_site=True).site_name == MAGAZINE


@pytest.fixture
def user_named():
    from django.contrib.auth import get_user_model

    return lambda username: get_user_model().objects.get(username=username)
