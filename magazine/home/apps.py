from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page, the site map and the site's set-up (setup_site)."""

    name = "magazine.home"
