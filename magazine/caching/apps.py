from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using, **kwargs):
    """The shared cache lives in a database table by default: `migrate` creates it.

    Every deployment runs `migrate`: pages and fragments rendered by the previous code and
    templates are not served any more.
    """
    from magazine.caching.pagecache import generation

    call_command("createcachetable", database=using, verbosity=0)
    generation.bump(structure=True)


class CachingConfig(AppConfig):
    """The page cache, the fragments pages keep, and what is remembered per generation."""

    name = "magazine.caching"

    def ready(self):
        # `migrate` sends post_migrate once per application with models, which this one has
        # not: listen for Django's content types, installed everywhere.
        post_migrate.connect(create_cache_tables, sender=apps.get_app_config("contenttypes"))
        # Every process, the worker publishing scheduled pages included, empties the page cache
        # when something published changes.
        from magazine.caching import pagecache

        pagecache.connect_signals()
