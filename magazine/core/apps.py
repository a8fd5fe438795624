from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using, **kwargs):
    """The shared cache lives in a database table by default: `migrate` creates it.

    Every deployment runs `migrate`: pages and fragments rendered by the previous code and
    templates are not served any more.
    """
    from magazine.core.pagecache import generation

    call_command("createcachetable", database=using, verbosity=0)
    generation.bump(structure=True)


class CoreConfig(AppConfig):
    name = "magazine.core"

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self)
        # Every process, the worker publishing scheduled pages included, empties the page cache
        # when something published changes.
        from magazine.core import pagecache, widgets

        pagecache.connect_signals()
        widgets.register()
