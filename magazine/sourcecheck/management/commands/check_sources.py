from django.core.management.base import BaseCommand, CommandError

from magazine.sourcecheck.checking import check_due
from magazine.sourcecheck.models import CheckedLink, Outcome, cited_urls


class Command(BaseCommand):
    help = (
        "Vérifie les adresses des sources citées qui sont dues (une fois par semaine, chaque "
        "jour tant qu’elles échouent), poliment : robots.txt respecté, un site à la fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--adresse",
            action="append",
            dest="urls",
            metavar="URL",
            help="Vérifier cette adresse citée maintenant, même si elle n’est pas due (répétable).",
        )
        parser.add_argument(
            "--toutes", action="store_true", help="Vérifier maintenant toutes les adresses citées."
        )
        parser.add_argument("--limite", type=int, help="Au plus ce nombre d’adresses.")

    def handle(self, *args, urls, toutes, limite, **options):
        if limite is not None and limite < 1:
            raise CommandError("--limite attend un nombre d’adresses supérieur à zéro.")
        if urls:
            unknown = set(urls) - set(
                cited_urls().filter(url__in=urls).values_list("url", flat=True)
            )
            if unknown:
                raise CommandError("Aucune source ne cite : " + ", ".join(sorted(unknown)) + ".")
        elif toutes:
            urls = list(cited_urls().values_list("url", flat=True).distinct())
        counts = check_due(limit=limite, urls=urls)
        if not counts:
            self.stdout.write("Aucune adresse à vérifier.")
            return
        for outcome, count in sorted(counts.items()):
            self.stdout.write(f"{Outcome(outcome).label} : {count}")
        gone = CheckedLink.objects.cited().gone().count()
        self.stdout.write(f"Sources disparues (lien archivé proposé aux lecteurs) : {gone}")
