"""Fixtures of the core tests: running `manage.py` in a fresh process; publishing."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def pytest_collection_modifyitems(items):
    """A test that runs `manage.py` in a new process is a `system` test (not in make quick)."""
    for item in items:
        if "manage" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.system)


@pytest.fixture
def manage():
    """Run `manage.py ARGS` in a new process with extra environment variables.

    The process starts from this environment without DATABASE_URL and DJANGO_SECRET_KEY, so
    that each test says the configuration it checks.
    """

    def run(*args, **env):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SECRET_KEY"}
        }
        environment.update(env)
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def article(db):
    """The demo article that shows every kind of block."""
    from magazine.articles.models import ArticlePage

    return ArticlePage.objects.get(slug="etat-civil-mairie-rurale")


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a new revision of a page with `changes`, then run what waits for the commit, as
    after a real request."""

    def run(page, **changes):
        with django_capture_on_commit_callbacks(execute=True):
            for name, value in changes.items():
                setattr(page, name, value)
            page.save_revision().publish()

    return run
