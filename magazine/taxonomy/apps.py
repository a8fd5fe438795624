from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "magazine.taxonomy"
    # What readers see besides pages (magazine.caching.generation).
    reader_visible_models = ["taxonomy.Theme", "taxonomy.TerritoryKind", "taxonomy.Territory"]
