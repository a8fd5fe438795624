"""`manage.py restore`: check an archive and the installation, stage, then swap in."""

import datetime
import json
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from magazine.backups.databases import (
    check_sqlite,
    replace_sqlite,
    restore_postgresql,
    sqlite_path,
)
from magazine.backups.inventory import content_counts, describe_counts, has_content
from magazine.backups.layout import (
    DATABASE_MEMBERS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA,
    VENDOR_NAMES,
    BackupError,
    current_vendor,
    quoted,
    sha256,
)


def restore_backup(source, *, force=False):
    """Restore the archive `source` into this installation; returns (manifest, counts after).

    Nothing is touched until the archive and the target have been checked and everything is
    staged; an installation that holds content is refused unless `force`."""
    source = Path(source).absolute()
    if not source.is_file():
        raise BackupError(f"L’archive {quoted(source)} n’existe pas.")
    vendor = current_vendor()
    try:
        archive = tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise _unreadable(source, error) from error
    with archive:
        try:
            members = archive.getmembers()  # reads the whole archive: truncation shows here
            manifest = _checked_manifest(archive, members, vendor)
        except (tarfile.TarError, EOFError, OSError, zlib.error, ValueError) as error:
            raise _unreadable(source, error) from error
        _check_target(force)
        with _Staging(vendor) as staging:
            try:
                staging.extract(archive, members, manifest)
            except (tarfile.TarError, EOFError, zlib.error) as error:
                raise _unreadable(source, error) from error
            staging.swap_in()
    cache.clear()  # pages cached before the restore describe another site
    return manifest, content_counts()


def pending_migrations():
    """Migrations of this code not applied to the (restored) database."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(set(loader.disk_migrations) - set(loader.applied_migrations))


def _unreadable(source, error):
    return BackupError(f"Lecture de l’archive {quoted(source)} impossible\u00a0: {error}")


def _checked_manifest(archive, members, vendor):
    for member in members:
        _check_member(member)
    names = {member.name for member in members}
    if MANIFEST not in names:
        raise BackupError(f"Ce n’est pas une sauvegarde de Le Mag\u00a0: {MANIFEST} manque.")
    manifest = json.loads(archive.extractfile(MANIFEST).read())
    if not isinstance(manifest, dict) or not isinstance(manifest.get("database"), dict):
        raise BackupError(f"Ce n’est pas une sauvegarde de Le Mag\u00a0: {MANIFEST} invalide.")
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            "Format de sauvegarde inconnu\u00a0: "
            f"{manifest.get('format')} version {manifest.get('format_version')}."
        )
    archive_vendor = manifest["database"].get("vendor")
    if archive_vendor != vendor:
        raise BackupError(
            f"Cette sauvegarde contient une base {VENDOR_NAMES.get(archive_vendor, archive_vendor)}"
            f" et cette installation utilise {VENDOR_NAMES[vendor]}\u00a0: la restauration d’un "
            "moteur de base de données vers l’autre n’est pas prise en charge."
        )
    database = DATABASE_MEMBERS[vendor]
    if manifest["database"].get("file") != database or database not in names:
        raise BackupError(f"La base de données {database} manque dans l’archive.")
    if sha256(archive.extractfile(database)) != manifest["database"].get("sha256"):
        raise BackupError("La base de données de l’archive est abîmée (somme de contrôle).")
    _check_migrations(manifest.get("migrations", {}))
    return manifest


def _check_member(member):
    """Only the manifest, the database and regular files or folders under media/ are allowed:
    no absolute path, no `..`, no link, no device (an archive could otherwise write anywhere)."""
    path = PurePosixPath(member.name)
    allowed = member.name in (MANIFEST, *DATABASE_MEMBERS.values()) or (
        path.parts[:1] == (MEDIA,) and (member.isfile() or member.isdir())
    )
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in member.name
        or not (member.isfile() or member.isdir())
        or not allowed
    ):
        raise BackupError(
            f"Archive refusée\u00a0: l’élément {quoted(member.name)} n’a rien à faire dans une "
            f"sauvegarde (chemin absolu, {quoted('..')}, lien ou fichier inattendu)."
        )


def _check_migrations(applied):
    """Refuse an archive made by newer code: this code could not run on its database."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in applied.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        listed = ", ".join(unknown[:5]) + ("…" if len(unknown) > 5 else "")
        raise BackupError(
            "Cette sauvegarde vient d’une version plus récente de Le Mag (migrations inconnues"
            f"\u00a0: {listed})\u00a0: mettez le code à jour avant de la restaurer."
        )


def _check_target(force):
    if force or not has_content():
        return
    raise BackupError(
        f"Cette installation n’est pas vide ({describe_counts(content_counts())})\u00a0: la "
        "restauration remplacerait son contenu. Restaurez dans une installation vide, ou "
        "ajoutez --force pour tout remplacer."
    )


class _Staging:
    """The database and the media extracted beside their destinations, then swapped in."""

    def __init__(self, vendor):
        self.vendor = vendor
        self.media_root = Path(settings.MEDIA_ROOT).absolute()
        self.directories = []

    def __enter__(self):
        self.media_root.parent.mkdir(parents=True, exist_ok=True)
        self.media = self._directory(self.media_root.parent) / MEDIA
        if self.vendor == "sqlite":  # beside the database file, for an atomic rename
            sqlite_path().parent.mkdir(parents=True, exist_ok=True)
            self.database = self._directory(sqlite_path().parent) / "db.sqlite3"
        else:
            self.database = self._directory(None) / "db.pgdump"
        return self

    def __exit__(self, *exc_info):
        for directory in self.directories:
            shutil.rmtree(directory, ignore_errors=True)

    def _directory(self, parent):
        directory = Path(tempfile.mkdtemp(prefix=".lemag-restore-", dir=parent))
        self.directories.append(directory)
        return directory

    def extract(self, archive, members, manifest):
        with open(self.database, "wb") as file:
            shutil.copyfileobj(archive.extractfile(manifest["database"]["file"]), file)
        media = [member for member in members if PurePosixPath(member.name).parts[:1] == (MEDIA,)]
        archive.extractall(self.media.parent, members=media, filter="data")  # links refused too
        self.media.mkdir(exist_ok=True)
        self.media.chmod(0o755)
        if self.vendor == "sqlite":
            check_sqlite(self.database)

    def swap_in(self):
        if self.vendor == "sqlite":
            replace_sqlite(self.database)
        else:
            restore_postgresql(self.database)
        if self.media_root.exists():
            if any(self.media_root.iterdir()):  # only when forced: kept aside, not deleted
                stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
                self.media_root.rename(f"{self.media_root}.avant-restauration-{stamp}")
            else:
                self.media_root.rmdir()
        self.media.rename(self.media_root)
