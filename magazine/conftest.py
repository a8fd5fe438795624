"""Test set-up shared by every app: settings tweaks, the demo magazine, factories."""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.signals import setting_changed
from django.db import connections

from magazine import test_snapshot
from magazine.test_snapshot import SQLiteSnapshot
from magazine.testing import keep_on_this_machine

_MEDIA_ROOT = tempfile.mkdtemp(prefix="lemag-test-media-")


def pytest_configure(config):
    from django.conf import settings

    keep_on_this_machine()
    settings.LEMAG_SOURCECHECK = False
    settings.MEDIA_ROOT = _MEDIA_ROOT
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TASKS = tasks
    # Tell django-tasks, which caches its backends, that the setting changed.
    setting_changed.send(sender=type(settings), setting="TASKS", value=tasks, enter=True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_unconfigure(config):
    shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_blocker):
    """Before the test database is made: whether it will be made from the shared demo
    (`magazine.test_snapshot`, with LEMAG_TEST_SNAPSHOT), or built here and then shared. A
    process that builds holds the snapshot's lock until it is saved; the others wait for it."""
    snapshot = test_snapshot.Snapshot.for_settings(settings, os.environ.get("LEMAG_TEST_SNAPSHOT"))
    if snapshot is None:
        yield None
        return
    with django_db_blocker.unblock():
        snapshot.lock()
        try:
            snapshot.ready = snapshot.exists()
            if snapshot.ready:
                snapshot.unlock()
                snapshot.use(connections["default"].settings_dict.setdefault("TEST", {}))
            yield snapshot
        finally:
            snapshot.unlock()


@pytest.fixture(scope="session")
def django_db_setup(_demo_snapshot, django_db_setup, django_db_blocker):
    """Every test starts from the demo magazine (loaded once; each test rolls back), made here
    or restored from the shared snapshot."""
    with django_db_blocker.unblock():
        if _demo_snapshot and _demo_snapshot.ready:
            _demo_snapshot.restore(_MEDIA_ROOT)
            return
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        if _demo_snapshot:
            _demo_snapshot.save(_MEDIA_ROOT)
            _demo_snapshot.unlock()


@pytest.fixture
def home(db):
    from magazine.home.models import HomePage

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
    routes, URLs and parts remembered for them (magazine.caching.generation). The shared cache
    is a table of the test database, rolled back."""
    from magazine.caching.generation import generation, remembered

    generation.forget_local_copies()
    remembered.forget()
    yield
    generation.forget_local_copies()
    remembered.forget()


# Running `manage.py` in a fresh process; publishing (tests of several apps use them).


def pytest_collection_modifyitems(items):
    """A test that runs `manage.py` in a new process is a `system` test (not in make quick), on
    an installation of its own that ignores DATABASE_URL (so `database_neutral`). Slowest first."""
    for item in items:
        if "manage" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.system)
            item.add_marker(pytest.mark.database_neutral)
    # The longest first (browsers, processes), so that the test processes of a parallel run
    # (pytest-xdist, a file at a time) finish together rather than one waiting for the other.
    items.sort(key=lambda item: not ({"browser", "system"} & {m.name for m in item.iter_markers()}))


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


@pytest.fixture
def outsider(django_user_model):
    """An account that may enter the admin but works on no article (no right on any page)."""
    from django.contrib.auth.models import Permission

    account = django_user_model.objects.create_user("archiviste", "archiviste@example.org", "x")
    account.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return account


@pytest.fixture
def site(settings):
    """A site played on this machine for the source checker (magazine.sourcecheck.tests.sites),
    asked without delay between requests and with short timeouts."""
    from magazine.sourcecheck.tests.sites import Site

    settings.LEMAG_SOURCECHECK_DELAY = 0
    settings.LEMAG_SOURCECHECK_TIMEOUT = (0.5, 0.5)
    played = Site()
    yield played
    played.stop()


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory, request):
    """A migrated SQLite database, copied by each test, with its media: the demo magazine of the
    tests' shared snapshot when there is one (magazine/test_snapshot.py: migrating, then
    loading the demo, takes a while; `run --demo` then finds it loaded), else one migrated
    here."""
    var_dir = tmp_path_factory.mktemp("migrated")
    snapshot = _sqlite_snapshot(request)
    if snapshot is not None:
        shutil.copy(snapshot.database, var_dir / "db.sqlite3")
        shutil.copytree(snapshot.media, var_dir / "media")
        return var_dir / "db.sqlite3"
    env = {**os.environ, "LEMAG_VAR_DIR": str(var_dir), "DJANGO_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    return var_dir / "db.sqlite3"


def _sqlite_snapshot(request):
    """The tests' SQLite snapshot of the demo, made if need be, or None."""
    snapshot = request.getfixturevalue("_demo_snapshot")
    if not isinstance(snapshot, SQLiteSnapshot):
        return None
    request.getfixturevalue("django_db_setup")  # made by the session's test database
    return snapshot if snapshot.exists() else None
