from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "magazine.taxonomy"
