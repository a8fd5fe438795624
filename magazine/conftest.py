"""Test set-up shared by every app: settings tweaks, the demo magazine, factories."""

import shutil
import tempfile

import pytest
from django.core.management import call_command
from django.core.signals import setting_changed

_MEDIA_ROOT = tempfile.mkdtemp(prefix="lemag-test-media-")


def pytest_configure(config):
    from django.conf import settings

    settings.MEDIA_ROOT = _MEDIA_ROOT
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TASKS = tasks
    # Tell django-tasks, which caches its backends, that the setting changed.
    setting_changed.send(sender=type(settings), setting="TASKS", value=tasks, enter=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_unconfigure(config):
    shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo magazine (loaded once; each test rolls back)."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
