from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "magazine.articles"
    # What readers see besides pages (magazine.caching.generation).
    reader_visible_models = ["articles.ArticleCorrection", "taggit.Tag"]
