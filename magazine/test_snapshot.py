"""The demo database, kept between test runs for the quick loop (`make quick`).

Setting the test database up — migrations, then the demo magazine — takes most of a short
run. With LEMAG_TEST_SNAPSHOT=<directory>, the first run keeps the loaded demo there (the SQLite
database, copied with SQLite's backup API, and its media files); the next runs restore it into
the empty in-memory test database instead. A snapshot is used only while everything that makes
it is unchanged: its name is a digest of the code outside the tests, the demo content, the test
set-up and the locked dependencies; change one and the next run makes a new one.
`make test` and CI never use it: they build the database from scratch.
"""

import hashlib
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection

# What makes the demo database: all the code outside the tests (migrations, models, the demo
# loader, signal handlers, the search index…), the demo content, the test set-up, the locked
# dependencies.
_MADE_BY = ("magazine/**/*.py", "magazine/demo/content/**/*", "magazine/conftest.py", "uv.lock")
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
    def __init__(self, directory):
        self.directory = directory
        self.database = directory / "demo.sqlite3"
        self.media = directory / "media"

    @classmethod
    def for_settings(cls, settings, root):
        """The snapshot for the code as it is, or None (not asked for, or not SQLite)."""
        if not root or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            return None
        base_dir = Path(settings.BASE_DIR)
        return cls(base_dir / root / _digest(base_dir))

    def exists(self):
        return self.database.is_file()

    def restore(self, media_root):
        connection.ensure_connection()
        source = sqlite3.connect(self.database)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        ContentType.objects.clear_cache()  # ids read while the empty database was made
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)

    def save(self, media_root):
        """Written beside, then moved in place: a run stopped half-way leaves no snapshot."""
        root = self.directory.parent
        root.mkdir(parents=True, exist_ok=True)
        for stale in root.iterdir():  # snapshots of older code, nothing else
            if _NAME.fullmatch(stale.name) and stale != self.directory:
                shutil.rmtree(stale, ignore_errors=True)
        building = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
        try:
            target = sqlite3.connect(building / self.database.name)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            shutil.copytree(media_root, building / self.media.name)
            building.rename(self.directory)
        except OSError:  # another run made it meanwhile
            pass
        finally:
            shutil.rmtree(building, ignore_errors=True)
