from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups and restores of the database and media (backup, restore)."""

    name = "magazine.backups"
