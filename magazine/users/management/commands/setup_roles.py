from django.core.management.base import BaseCommand

from magazine.users.roles import setup_roles


class Command(BaseCommand):
    help = "Crée les groupes du collectif et leurs permissions (sans effet s’ils existent)."

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(self.style.SUCCESS(f"Rôles prêts : {', '.join(groups)}."))
