from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "magazine.search"
    label = "magazine_search"
