from django.core.management.base import BaseCommand

from magazine.search import index


class Command(BaseCommand):
    help = "Reconstruit l’index de recherche à partir des articles publiés."

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Index de recherche reconstruit : {count} articles."))
