from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "magazine.core"
    # What readers see besides pages (magazine.caching.generation): the site's settings, its
    # address, who may read which pages.
    reader_visible_models = [
        "core.SiteSettings",
        "wagtailcore.Site",
        "wagtailcore.PageViewRestriction",
    ]

    def ready(self):
        from magazine.core import widgets

        widgets.register()
