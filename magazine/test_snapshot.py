"""The demo database, built once and shared by the test processes of a run and between runs.

Setting a test database up — migrations, then the demo magazine — takes about a minute. With
LEMAG_TEST_SNAPSHOT=<directory> (`make test`, `make quick`), the first test process that needs
it builds the demo and keeps a copy; the others (pytest-xdist workers, later runs) wait for it
behind a lock file, then start from the copy instead of migrating and loading again:

- SQLite: the database file in <directory>/sqlite/<digest>/, copied with SQLite's backup API
  into each process's in-memory test database;
- PostgreSQL: a template database `lemag_demo_<digest>` on the server of DATABASE_URL, from which
  Django creates each process's test database (`TEST["TEMPLATE"]`: a file copy on the server);
  <directory>/postgresql/<digest>/ keeps its media files.

A snapshot is used only while everything that makes it is unchanged: its name is a digest of the
code outside the tests, the templates, the demo content, the test set-up and the locked
dependencies; change one and the next run makes a new one (and removes the older ones).
"""

import fcntl
import hashlib
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection

# What makes the demo database: all the code outside the tests (migrations, models, the demo
# loader, signal handlers, the search index…), the templates (compiled articles are stored
# HTML), the demo content, the test set-up, the locked dependencies.
_MADE_BY = (
    "magazine/**/*.py",
    "magazine/**/templates/**/*",
    "magazine/demo/content/**/*",
    "magazine/conftest.py",
    "uv.lock",
)
_NAME = re.compile(r"[0-9a-f]{16}")


def _digest(base_dir):
    digest = hashlib.sha256()
    files = sorted({path for pattern in _MADE_BY for path in base_dir.glob(pattern)})
    for path in files:
        if path.is_file() and not {"__pycache__", "tests"} & set(path.parts):
            digest.update(str(path.relative_to(base_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Snapshot:
    """What both vendors share: the directory, its lock, the media files."""

    vendor = None

    def __init__(self, root, digest):
        self.root = root / self.vendor
        self.digest = digest
        self.directory = self.root / digest
        self.media = self.directory / "media"
        self._lock = None
        self.ready = False  # made before this run's test database: use it

    @classmethod
    def for_settings(cls, settings, root):
        """The snapshot for the code as it is, or None (not asked for, or another vendor)."""
        engine = settings.DATABASES["default"]["ENGINE"]
        kind = {
            "django.db.backends.sqlite3": SQLiteSnapshot,
            "django.db.backends.postgresql": PostgreSQLSnapshot,
        }.get(engine)
        if not root or kind is None:
            return None
        base_dir = Path(settings.BASE_DIR)
        return kind(base_dir / root, _digest(base_dir))

    def lock(self):
        """Wait while another process builds the snapshot; held until `unlock()`."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.root / ".lock", "w")  # noqa: SIM115 (held across fixtures)
        fcntl.flock(self._lock, fcntl.LOCK_EX)

    def unlock(self):
        if self._lock:
            self._lock.close()  # releases the lock
            self._lock = None

    def exists(self):
        raise NotImplementedError

    def use(self, test_settings):
        """Before the test database is made: make it from the snapshot."""
        test_settings["MIGRATE"] = False  # the snapshot replaces the whole database

    def restore(self, media_root):
        """Once the test database is made: what the snapshot holds besides."""
        ContentType.objects.clear_cache()  # ids read while the test database was made
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)

    def save(self, media_root):
        """Written beside, then moved in place: a run stopped half-way leaves no snapshot."""
        # Snapshots of older code, and an incomplete one of this code (a PostgreSQL server
        # without its template): this process holds the lock, no one else reads them.
        for stale in self.root.iterdir():
            if _NAME.fullmatch(stale.name):
                shutil.rmtree(stale, ignore_errors=True)
        building = Path(tempfile.mkdtemp(dir=self.root, prefix=".building-"))
        try:
            self.save_database(building)
            shutil.copytree(media_root, building / self.media.name)
            building.rename(self.directory)
        finally:
            shutil.rmtree(building, ignore_errors=True)

    def save_database(self, building):
        raise NotImplementedError


class SQLiteSnapshot(Snapshot):
    vendor = "sqlite"

    @property
    def database(self):
        return self.directory / "demo.sqlite3"

    def exists(self):
        return self.database.is_file()

    def restore(self, media_root):
        connection.ensure_connection()
        source = sqlite3.connect(self.database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        super().restore(media_root)

    def save_database(self, building):
        target = sqlite3.connect(building / self.database.name)
        try:
            connection.connection.backup(target)
        finally:
            target.close()


class PostgreSQLSnapshot(Snapshot):
    vendor = "postgresql"

    @property
    def template(self):
        return f"lemag_demo_{self.digest}"

    def _server(self):
        """A connection to the server's maintenance database, in autocommit."""
        import psycopg

        settings = connection.settings_dict
        return psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def _databases(self):
        with self._server() as server:
            rows = server.execute("SELECT datname FROM pg_database")
            return {name for (name,) in rows if name.startswith("lemag_demo_")}

    def exists(self):
        return self.media.is_dir() and self.template in self._databases()

    def use(self, test_settings):
        super().use(test_settings)
        test_settings["TEMPLATE"] = self.template

    def save_database(self, building):
        """The test database, demo loaded and committed, copied as the template (no session
        may be connected to it meanwhile: this process closes its own)."""
        import psycopg

        test_database = connection.settings_dict["NAME"]
        connection.close()
        with self._server() as server:
            for stale in self._databases() - {self.template}:
                try:
                    server.execute(f'DROP DATABASE IF EXISTS "{stale}"')
                except psycopg.errors.ObjectInUse:  # another run of older code uses it
                    pass
            server.execute(f'DROP DATABASE IF EXISTS "{self.template}"')
            server.execute(f'CREATE DATABASE "{self.template}" TEMPLATE "{test_database}"')
