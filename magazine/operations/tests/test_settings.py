"""Runtime configuration: SQLite in WAL with a busy timeout; no production without a secret."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

BASE_DIR = Path(settings.BASE_DIR)


def test_sqlite_connection_runs_in_wal_with_busy_timeout(tmp_path, django_db_blocker):
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "wal.sqlite3")}
    if config["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL désigne PostgreSQL : ce test concerne SQLite.")
    connection = connections.create_connection("default").__class__(config, alias="wal-check")
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
        assert connection.transaction_mode == "IMMEDIATE"
        connection.close()


def test_debug_off_without_secret_key_refuses_to_start(manage):
    result = manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY est vide alors que DJANGO_DEBUG est désactivé" in result.stderr


def test_debug_off_with_secret_key_starts(manage):
    result = manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
