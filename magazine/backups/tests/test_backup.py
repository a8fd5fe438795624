"""Backups: the restore drill, and the archives a restore refuses.

The drill backs up a demo installation with `manage.py backup`, restores the archive into a
second, empty installation with `manage.py restore`, and checks the result through the restored
database, `fixtree` and an article served over HTTP. Both installations are real (a SQLite file
or a PostgreSQL database, and a media directory), so the commands run in subprocesses. The demo
installation is a copy of the test database and its media; the drill runs on the vendor of the
test run (`make test` runs SQLite and PostgreSQL).

The refused archives are checked in this process: a restore validates the whole archive before
it looks at the installation, so the demo in the test database is never at risk.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from magazine.backups.layout import DATABASE_MEMBERS

pytestmark = pytest.mark.system  # starts processes: not in the quick loop

BASE_DIR = Path(settings.BASE_DIR)

# Run in an installation: the counts read through the ORM, `fixtree`, an article over HTTP.
INSPECT = """
import json, io
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from magazine.articles.models import ArticlePage
from magazine.newsletter.models import Subscriber
from magazine.people.models import Author
fixtree = io.StringIO()
call_command("fixtree", stdout=fixtree)
article = ArticlePage.objects.live().order_by("first_published_at").last()
response = Client().get(article.get_url())
print("INSPECT " + json.dumps({
    "counts": {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "authors": Author.objects.count(),
        "users": get_user_model().objects.count(),
        "subscribers": Subscriber.objects.count(),
    },
    "fixtree": fixtree.getvalue(),
    "article": {"title": article.title, "status": response.status_code,
                "html": response.content.decode()},
}))
"""


@dataclass
class Installation:
    directory: Path
    database_url: str

    @property
    def media(self):
        return self.directory / "media"

    def manage(self, *args, timeout=900):
        environment = {
            **os.environ,
            "LEMAG_VAR_DIR": str(self.directory),
            "LEMAG_MEDIA_ROOT": str(self.media),
            "DATABASE_URL": self.database_url,
        }
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def must(self, *args):
        result = self.manage(*args)
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result.stdout

    def inspect(self):
        line = next(
            line for line in self.must("shell", "-c", INSPECT).splitlines() if "INSPECT " in line
        )
        return json.loads(line.split("INSPECT ", 1)[1])

    def files(self):
        return {
            path.relative_to(self.media).as_posix(): path.read_bytes()
            for path in self.media.rglob("*")
            if path.is_file()
        }


def _postgresql_databases(names):
    """Create empty databases on the server of DATABASE_URL; returns their URLs and a cleanup."""
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(**server) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return [f"{base}/{name}" for name in names], drop


def _copy_test_database(installation):
    """The demo magazine of the test database (committed by the session's set-up), copied into
    the empty database of `installation`: what migrate and load_demo would make, without their
    minute."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(installation.database_url.removeprefix("sqlite:///"))
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        test_database = (
            installation.database_url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        )
        dump = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--dbname={test_database}"],
            capture_output=True,
            check=True,
        )
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={installation.database_url}",
            ],
            input=dump.stdout,
            capture_output=True,
            check=True,
        )
    shutil.copytree(settings.MEDIA_ROOT, installation.media)


@pytest.fixture(scope="module")
def drill(tmp_path_factory, django_db_setup, django_db_blocker):
    """An installation of the demo magazine, its archive, and a second installation restored
    from it, on the database vendor of the test run (make test runs both)."""
    root = tmp_path_factory.mktemp(f"drill-{connection.vendor}")
    drop = None
    if connection.vendor == "sqlite":
        urls = [f"sqlite:///{root / name / 'db.sqlite3'}" for name in ("source", "target")]
    else:
        suffix = uuid.uuid4().hex[:8]
        urls, drop = _postgresql_databases([f"drill_{suffix}_source", f"drill_{suffix}_target"])
    source, target = Installation(root / "source", urls[0]), Installation(root / "target", urls[1])
    try:
        for installation in (source, target):
            installation.directory.mkdir()
        with django_db_blocker.unblock():
            _copy_test_database(source)
        # Written inside the media directory it saves: the archive must leave itself out.
        archive = source.media / "lemag.tar.gz"
        backup_output = source.must("backup", str(archive))
        restore_output = target.must("restore", str(archive))
        yield Drill(source, target, archive, backup_output, restore_output)
    finally:
        if drop:
            drop()


@dataclass
class Drill:
    source: Installation
    target: Installation
    archive: Path
    backup_output: str
    restore_output: str

    def manifest(self):
        with tarfile.open(self.archive) as archive:
            return json.load(archive.extractfile("manifest.json"))


def test_restored_installation_has_the_same_content(drill):
    manifest = drill.manifest()
    source, restored = drill.source.inspect(), drill.target.inspect()

    assert source["counts"] == restored["counts"]
    assert {key: manifest["counts"][key] for key in restored["counts"]} == restored["counts"]
    assert restored["counts"]["pages"] > 20
    assert min(restored["counts"].values()) > 0
    assert restored["counts"]["subscribers"] == 2  # the demo's readers of the newsletter
    assert manifest["notes"] == []
    assert "Contenu\u00a0: " in drill.restore_output
    assert f"{restored['counts']['pages']} pages" in drill.restore_output


def test_restored_tree_is_sound_and_serves_articles(drill):
    restored = drill.target.inspect()

    assert restored["fixtree"].count("No problems found.") == 2, restored["fixtree"]
    assert restored["article"]["status"] == 200
    assert restored["article"]["title"] in restored["article"]["html"]


def test_restored_media_are_the_uploaded_files(drill):
    with tarfile.open(drill.archive) as archive:
        archived = {
            member.name.removeprefix("media/"): archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.name.startswith("media/") and member.isfile()
        }
    source, restored = drill.source.files(), drill.target.files()

    assert any(name.startswith("original_images/") for name in archived)
    assert any(name.startswith("documents/") for name in archived)
    assert {name: source[name] for name in source if name.startswith(("original_", "doc"))} == {
        name: content for name, content in archived.items() if name.startswith(("original_", "doc"))
    }
    assert {name: restored.get(name) for name in archived} == archived
    assert drill.manifest()["media"]["files"] == len(archived)


def test_manifest_describes_the_archive(drill):
    manifest = drill.manifest()

    assert manifest["format"] == "lemag-backup"
    assert manifest["database"]["vendor"] == connection_vendor(drill.source.database_url)
    assert manifest["versions"]["django"].startswith("5.")
    assert manifest["migrations"]["articles"]
    with tarfile.open(drill.archive) as archive:
        database = archive.extractfile(manifest["database"]["file"]).read()
        names = archive.getnames()
    assert hashlib.sha256(database).hexdigest() == manifest["database"]["sha256"]
    assert not [name for name in names if name.endswith(".tar.gz") or "lemag-backup" in name]


def connection_vendor(url):
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_restore_refuses_an_installation_with_content_and_changes_nothing(drill):
    marker = drill.source.media / "propre-a-cette-installation.txt"
    marker.write_text("à garder")
    before = drill.source.files()
    try:
        result = drill.source.manage("restore", str(drill.archive))

        assert result.returncode == 1
        assert "Cette installation n’est pas vide" in result.stderr
        assert "--force" in result.stderr
        assert drill.source.files() == before
        assert not list(drill.source.directory.glob("media.avant-restauration-*"))
    finally:
        marker.unlink()


def test_forced_restore_replaces_the_content_and_keeps_the_old_media_aside(drill):
    marker = drill.target.media / "ajout-apres-restauration.txt"
    marker.write_text("mis de côté")

    output = drill.target.must("restore", "--force", str(drill.archive))

    assert "restaurée" in output
    assert not marker.exists()
    (aside,) = drill.target.directory.glob("media.avant-restauration-*")
    assert (aside / marker.name).read_text() == "mis de côté"
    restored = drill.target.inspect()
    assert restored["counts"] == drill.source.inspect()["counts"]
    assert restored["fixtree"].count("No problems found.") == 2


# Refused archives (in this process: the checks come before anything is touched) ---------------


def _archive(path, members, manifest=None):
    """A backup archive of the current vendor holding `members` (name → bytes or TarInfo)."""
    vendor = connection.vendor
    database_name = DATABASE_MEMBERS[vendor]
    database = b"not really a database"
    manifest = {
        "format": "lemag-backup",
        "format_version": 1,
        "created_at": "2026-11-27T00:00:00+00:00",
        "database": {
            "vendor": vendor,
            "file": database_name,
            "sha256": hashlib.sha256(database).hexdigest(),
        },
        "media": {"files": 1, "bytes": 5},
        "counts": {},
        "notes": [],
        "migrations": {"articles": ["0001_initial"]},
        **(manifest or {}),
    }
    everything = {
        database_name: database,
        "media/original_images/photo.png": b"image",
        **members,
        "manifest.json": json.dumps(manifest).encode(),
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, content in everything.items():
            if isinstance(content, tarfile.TarInfo):
                archive.addfile(content)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def _link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def _restore(path, *arguments):
    media_before = sorted(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *arguments)
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == media_before
    return str(refused.value)


def test_a_sound_archive_is_refused_only_because_the_installation_has_content(tmp_path):
    message = _restore(_archive(tmp_path / "sain.tar.gz", {}))

    assert message.startswith("Cette installation n’est pas vide (")
    assert "Restaurez dans une installation vide, ou ajoutez --force" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("media/../../evasion.txt", b"hors du dossier"),
        ("../evasion.txt", b"hors du dossier"),
        ("media/original_images/../../../evasion.txt", b"hors du dossier"),
        ("media\\..\\evasion.txt", b"hors du dossier"),
        ("settings.py", b"DEBUG = True"),
        ("media/lien", _link("media/lien", "/etc/passwd")),
        ("media/lien-dur", _link("media/lien-dur", "/etc/passwd", tarfile.LNKTYPE)),
        ("media/fifo", _link("media/fifo", "", tarfile.FIFOTYPE)),
    ],
)
def test_restore_refuses_members_that_could_escape_or_do_not_belong(tmp_path, name, content):
    archive = _archive(tmp_path / "piege.tar.gz", {name: content})

    message = _restore(archive, "--force")

    assert message.startswith(f"Archive refusée\u00a0: l’élément «\u00a0{name}\u00a0»")
    assert not list(tmp_path.parent.rglob("evasion.txt"))
    assert not list(Path(settings.MEDIA_ROOT).parent.glob("evasion.txt"))


def test_restore_refuses_an_absolute_member(tmp_path):
    target = tmp_path / "absolu.txt"
    archive = _archive(tmp_path / "absolu.tar.gz", {str(target): b"n'importe ou"})

    message = _restore(archive, "--force")

    assert f"l’élément «\u00a0{target}\u00a0»" in message
    assert not target.exists()


def test_restore_refuses_another_database_vendor(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = _archive(
        tmp_path / "autre-moteur.tar.gz",
        {},
        {"database": {"vendor": other, "file": "database/x", "sha256": ""}},
    )

    message = _restore(archive, "--force")

    assert "d’un moteur de base de données vers l’autre n’est pas prise en charge" in message


def test_restore_refuses_a_damaged_database(tmp_path):
    database = {"vendor": connection.vendor, "file": DATABASE_MEMBERS[connection.vendor]}
    archive = _archive(tmp_path / "abimee.tar.gz", {}, {"database": {**database, "sha256": "0"}})

    assert _restore(archive, "--force") == (
        "La base de données de l’archive est abîmée (somme de contrôle)."
    )


def test_restore_refuses_an_archive_from_newer_code(tmp_path):
    archive = _archive(
        tmp_path / "futur.tar.gz", {}, {"migrations": {"articles": ["9999_from_the_future"]}}
    )

    message = _restore(archive, "--force")

    assert "version plus récente de Le Mag" in message
    assert "articles.9999_from_the_future" in message


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    text = tmp_path / "notes.tar.gz"
    text.write_text("pas une archive")
    truncated = tmp_path / "tronquee.tar.gz"
    truncated.write_bytes(_archive(tmp_path / "entiere.tar.gz", {}).read_bytes()[:-200])
    foreign = tmp_path / "etrangere.tar.gz"
    with tarfile.open(foreign, "w:gz") as archive:
        info = tarfile.TarInfo("media/photo.png")
        archive.addfile(info, io.BytesIO(b""))

    assert _restore(text).startswith(f"Lecture de l’archive «\u00a0{text}\u00a0» impossible")
    assert _restore(truncated).startswith(f"Lecture de l’archive «\u00a0{truncated}\u00a0»")
    assert "manifest.json manque" in _restore(foreign)
    assert _restore(tmp_path / "absente.tar.gz") == (
        f"L’archive «\u00a0{tmp_path / 'absente.tar.gz'}\u00a0» n’existe pas."
    )


def test_backup_never_overwrites_an_existing_file_unless_forced(tmp_path):
    existing = tmp_path / "sauvegarde.tar.gz"
    existing.write_bytes(b"la sauvegarde d'hier")

    with pytest.raises(CommandError, match="existe déjà\u00a0: choisissez un autre nom"):
        call_command("backup", str(existing))

    assert existing.read_bytes() == b"la sauvegarde d'hier"
