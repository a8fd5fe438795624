from django.conf import settings
from django.core.management.base import BaseCommand

from magazine.demo.loader import load_demo


class Command(BaseCommand):
    help = "Charge le magazine de démonstration (sans effet sur ce qui existe déjà)."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("Magazine de démonstration prêt."))
        self.stdout.write(f"Administration : {settings.WAGTAILADMIN_BASE_URL}/admin/")
        self.stdout.write("Comptes de démonstration (identifiant / mot de passe — rôle) :")
        for account in accounts:
            self.stdout.write(
                f"  {account['username']:<14} {account['password']:<26} {account['role']}"
            )
