"""Test set-up shared by every app: settings tweaks, the demo magazine, factories."""

import os
import shutil
import tempfile

import pytest
from django.core.management import call_command
from django.core.signals import setting_changed

from magazine import test_snapshot

_MEDIA_ROOT = tempfile.mkdtemp(prefix="lemag-test-media-")


def pytest_configure(config):
    from django.conf import settings

    settings.MEDIA_ROOT = _MEDIA_ROOT
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TASKS = tasks
    # Tell django-tasks, which caches its backends, that the setting changed.
    setting_changed.send(sender=type(settings), setting="TASKS", value=tasks, enter=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    config.demo_snapshot = test_snapshot.Snapshot.for_settings(
        settings, os.environ.get("LEMAG_TEST_SNAPSHOT")
    )
    if config.demo_snapshot and config.demo_snapshot.exists():
        # The snapshot replaces the whole database: no migrations to run first.
        settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False


def pytest_unconfigure(config):
    shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, pytestconfig):
    """Every test starts from the demo magazine (loaded once; each test rolls back).

    With LEMAG_TEST_SNAPSHOT (`make quick`), the loaded demo is kept there and the next runs
    restore it instead of migrating and loading again (`magazine.test_snapshot`)."""
    snapshot = pytestconfig.demo_snapshot
    with django_db_blocker.unblock():
        if snapshot and snapshot.exists():
            snapshot.restore(_MEDIA_ROOT)
            return
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        if snapshot:
            snapshot.save(_MEDIA_ROOT)


@pytest.fixture
def home(db):
    from magazine.core.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def editor(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _database(db):
    """Every test may read the demo magazine."""


@pytest.fixture(autouse=True)
def fresh_process():
    """Nothing in this process's memory from another test: the cache generations, the pages,
    fragments, routes and URLs remembered for them (magazine.core.pagecache). The shared cache
    is a table of the test database, rolled back."""
    from magazine.core import pagecache

    pagecache.generation.forget_local_copies()
    pagecache.remembered.forget()
    yield
    pagecache.generation.forget_local_copies()
    pagecache.remembered.forget()
