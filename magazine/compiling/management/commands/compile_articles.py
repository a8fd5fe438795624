from django.core.management.base import BaseCommand

from magazine.articles.models import ArticlePage
from magazine.compiling import links
from magazine.compiling.compiler import compile_article
from magazine.compiling.tasks import articles_to_compile


class Command(BaseCommand):
    help = (
        "Compile les articles publiés qui n’ont pas d’enregistrement à jour (ou tous avec "
        "--all), puis calcule les liens de chacun (à lire aussi, dossier)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompiler tous les articles.")

    def handle(self, *args, **options):
        if options["all"]:
            ids = list(ArticlePage.objects.live().values_list("pk", flat=True))
        else:
            ids = articles_to_compile()
        compiled = 0
        for done, article_id in enumerate(ids, 1):
            compiled += compile_article(article_id) is not None  # unpublished meanwhile: skipped
            if options["verbosity"] > 1 and done % 100 == 0:
                self.stdout.write(f"{done} / {len(ids)}")
        changed = links.refresh()
        self.stdout.write(
            f"{compiled} article(s) compilé(s), liens de {changed} article(s) mis à jour."
        )
