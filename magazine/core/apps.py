from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "magazine.core"

    def ready(self):
        from magazine.core import widgets

        widgets.register()
