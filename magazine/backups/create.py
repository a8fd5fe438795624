"""`manage.py backup`: write the archive of this installation."""

import datetime
import json
import os
import platform
import tarfile
import tempfile
import tomllib
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from magazine.backups.databases import DUMPERS, server_version
from magazine.backups.inventory import NO_SUBSCRIBER_MODEL, content_counts
from magazine.backups.layout import (
    DATABASE_MEMBERS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA,
    BackupError,
    current_vendor,
    quoted,
    sha256,
)


def create_backup(destination, *, overwrite=False):
    """Write the archive of this installation to `destination`; returns its manifest."""
    destination = Path(destination).absolute()
    if destination.exists() and not overwrite:
        raise BackupError(
            f"{quoted(destination)} existe déjà\u00a0: choisissez un autre nom "
            "ou ajoutez --force pour le remplacer."
        )
    if not destination.parent.is_dir():
        raise BackupError(f"Le dossier {quoted(destination.parent)} n’existe pas.")
    vendor = current_vendor()
    # Staged beside the destination, so that the archive appears whole or not at all.
    with tempfile.TemporaryDirectory(prefix=".lemag-backup-", dir=destination.parent) as staging:
        dump = Path(staging) / PurePosixPath(DATABASE_MEMBERS[vendor]).name
        manifest = _manifest(vendor)
        DUMPERS[vendor](dump)
        manifest["database"].update(file=DATABASE_MEMBERS[vendor], sha256=sha256(dump))
        partial = Path(staging) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(dump, arcname=DATABASE_MEMBERS[vendor])
            manifest["media"] = _add_media(
                archive, Path(settings.MEDIA_ROOT).absolute(), skip={Path(staging), destination}
            )
            _add_text(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(partial, destination)
    return manifest


def _manifest(vendor):
    counts = content_counts()
    migrations = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        migrations.setdefault(app_label, []).append(name)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": {
            "lemag": _project_version(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": server_version(vendor),
        },
        "database": {"vendor": vendor},
        "counts": counts,
        "notes": [] if counts["subscribers"] is not None else [NO_SUBSCRIBER_MODEL],
        "migrations": migrations,
    }


def _project_version():
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def _add_media(archive, media_root, skip):
    """Add every regular file under MEDIA_ROOT but those in `skip` (the archive being written,
    should it be written there); files deleted meanwhile are left out."""
    files = size = 0
    if not media_root.is_dir():
        return {"files": 0, "bytes": 0}
    for directory, subdirectories, names in os.walk(media_root):
        subdirectories[:] = sorted(
            name for name in subdirectories if Path(directory, name) not in skip
        )
        for name in sorted(names):
            path = Path(directory, name)
            if path in skip or path.is_symlink() or not path.is_file():
                continue
            arcname = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
            try:
                with open(path, "rb") as file:
                    info = archive.gettarinfo(arcname=arcname, fileobj=file)
                    archive.addfile(info, file)
            except FileNotFoundError:
                continue
            files += 1
            size += info.size
    return {"files": files, "bytes": size}


def _add_text(archive, name, text):
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now().timestamp()), 0o644
    with tempfile.SpooledTemporaryFile() as file:
        file.write(data)
        file.seek(0)
        archive.addfile(info, file)
