from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "magazine.search"
    label = "magazine_search"
    verbose_name = "Recherche"

    def ready(self):
        from magazine.search import index

        index.connect()
