from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(using, **kwargs):
    """The shared cache lives in database tables by default: `migrate` creates them. Every
    deployment runs `migrate`: a new generation, no page rendered by the previous code served."""
    from magazine.caching.generation import generation  # noqa: PLC0415 models not ready above

    call_command("createcachetable", database=using, verbosity=0)
    generation.bump()


class CachingConfig(AppConfig):
    """The page cache, and what each process remembers per generation."""

    name = "magazine.caching"

    def ready(self):
        # `migrate` sends post_migrate once per application with models, which this one has
        # not: listen for Django's content types, installed everywhere.
        post_migrate.connect(create_cache_tables, sender=apps.get_app_config("contenttypes"))
        # Every process, the worker publishing scheduled pages included, starts a new
        # generation when something readers see changes.
        from magazine.caching.generation import connect_signals  # noqa: PLC0415

        connect_signals()
