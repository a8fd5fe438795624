from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "magazine.editorial"
    verbose_name = "Relecture et publication"

    def ready(self):
        from magazine.articles.models import ArticlePage
        from magazine.editorial import notifications
        from magazine.editorial.forms import ArticlePageForm

        ArticlePage.base_form_class = ArticlePageForm
        notifications.connect()
