from django.apps import AppConfig


class CompilingConfig(AppConfig):
    """Articles rendered once, when they are published, and served from what was stored."""

    name = "magazine.compiling"
    verbose_name = "articles compilés"

    def ready(self):
        from magazine.compiling import dependencies

        dependencies.connect_signals()
