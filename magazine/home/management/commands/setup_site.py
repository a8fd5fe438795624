from django.core.management.base import BaseCommand

from magazine.home.site_structure import ensure_site_structure


class Command(BaseCommand):
    help = (
        "Crée la page d’accueil, les rubriques et le site par défaut (sans effet s’ils existent)."
    )

    def handle(self, *args, **options):
        home = ensure_site_structure()
        self.stdout.write(self.style.SUCCESS(f"Structure du site prête : « {home.title} »."))
