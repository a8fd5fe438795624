from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """How readers' tools and crawlers follow the magazine: RSS and Atom feeds, the sitemap,
    robots.txt, canonical and alternate links."""

    name = "magazine.feeds"
    label = "feeds"
    verbose_name = "Flux et référencement"
