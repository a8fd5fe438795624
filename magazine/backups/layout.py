"""What a backup archive holds, and the error every backup or restore failure raises."""

import hashlib
from pathlib import Path

from django.db import connection

FORMAT = "lemag-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message, in French, says why."""


def quoted(value):
    return f"«\u00a0{value}\u00a0»"


def current_vendor():
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Base de données non prise en charge\u00a0: {connection.vendor}.")
    return connection.vendor


def sha256(file):
    """The SHA-256 of a path or of a binary file object."""
    if isinstance(file, Path):
        with open(file, "rb") as opened:
            return sha256(opened)
    digest = hashlib.sha256()
    while chunk := file.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()
