"""The database of an archive: SQLite through its online backup API, PostgreSQL through
pg_dump and pg_restore (run with the connection settings of Django, password by environment)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections

from magazine.backups.layout import BackupError


def server_version(vendor):
    if vendor == "sqlite":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def sqlite_path():
    name = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise BackupError("La base SQLite est en mémoire\u00a0: il n’y a pas de fichier à traiter.")
    return Path(name).absolute()


def dump_sqlite(target):
    """A consistent copy, even while the site writes (SQLite's online backup API)."""
    source = sqlite3.connect(sqlite_path())
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()


def check_sqlite(path):
    check = sqlite3.connect(path)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        result = str(error)
    finally:
        check.close()
    if result != "ok":
        raise BackupError(f"La base SQLite de l’archive est abîmée\u00a0: {result}.")


def replace_sqlite(path):
    """Put the database file `path` in place of the configured one, in one rename."""
    connections.close_all()
    target = sqlite_path()
    for suffix in ("-wal", "-shm", "-journal"):  # they belong to the file being replaced
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(path, target)


def dump_postgresql(target):
    _run_pg("pg_dump", "--format=custom", "--no-password", f"--file={target}")


def restore_postgresql(path):
    """Replace the objects of the configured database by the dump's, all or nothing."""
    connections.close_all()
    _run_pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={connections[DEFAULT_DB_ALIAS].settings_dict['NAME']}",
        str(path),
    )


def _run_pg(program, *arguments):
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} est introuvable\u00a0: installez le client PostgreSQL "
            "(apt-get install postgresql-client)."
        )
    config = connections[DEFAULT_DB_ALIAS].settings_dict
    environment = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if config.get(key):
            environment[variable] = str(config[key])
    if config.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = config["OPTIONS"]["sslmode"]
    result = subprocess.run(
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} a échoué\u00a0:\n{result.stderr.strip()}")


DUMPERS = {"sqlite": dump_sqlite, "postgresql": dump_postgresql}
