"""`manage.py restore FILE`: an archive of `manage.py backup` into an empty installation."""

from django.core.management.base import BaseCommand, CommandError

from magazine.backups.inventory import describe_counts, describe_date, plural
from magazine.backups.layout import VENDOR_NAMES, BackupError
from magazine.backups.restore import pending_migrations, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de «\u00a0manage.py backup\u00a0» (base de données et médias) "
        "dans une installation vide\u00a0; --force remplace le contenu d’une installation "
        "qui n’est pas vide."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="archive écrite par «\u00a0manage.py backup\u00a0»")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplace la base et les médias même si l’installation a déjà du contenu "
            "(les anciens médias sont mis de côté)",
        )

    def handle(self, *args, file, force, **options):
        try:
            manifest, counts = restore_backup(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        lines = [
            f"Sauvegarde du {describe_date(manifest)} restaurée (base "
            f"{VENDOR_NAMES[manifest['database']['vendor']]}, "
            f"{plural(manifest.get('media', {}).get('files', 0), 'fichier')} de médias).",
            f"Contenu\u00a0: {describe_counts(counts)}.",
        ]
        if counts != manifest["counts"]:
            lines.append(
                f"Attention\u00a0: le manifeste annonçait {describe_counts(manifest['counts'])}."
            )
        if pending_migrations():
            lines.append(
                "Cette sauvegarde vient d’une version plus ancienne\u00a0: "
                "lancez «\u00a0python manage.py migrate\u00a0»."
            )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
