"""`manage.py backup FILE`: the database and the media of this installation in one archive."""

from django.core.management.base import BaseCommand, CommandError

from magazine.backups.create import create_backup
from magazine.backups.inventory import describe_counts, plural
from magazine.backups.layout import VENDOR_NAMES, BackupError


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (SQLite ou PostgreSQL) et les médias dans une seule "
        "archive .tar.gz, avec un manifeste\u00a0; le site peut continuer de tourner pendant "
        "ce temps."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive à écrire, par exemple lemag-2026-11-27.tar.gz")
        parser.add_argument(
            "--force", action="store_true", help="remplace l’archive si elle existe déjà"
        )

    def handle(self, *args, file, force, **options):
        try:
            manifest = create_backup(file, overwrite=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = manifest["media"]
        lines = [
            f"Sauvegarde écrite dans «\u00a0{file}\u00a0»\u00a0: base "
            f"{VENDOR_NAMES[manifest['database']['vendor']]}, "
            f"{plural(media['files'], 'fichier')} de médias.",
            f"Contenu\u00a0: {describe_counts(manifest['counts'])}.",
            *(f"Note\u00a0: {note}." for note in manifest["notes"]),
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
