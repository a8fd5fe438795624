from django.apps import AppConfig


class SobrietyConfig(AppConfig):
    """What pages weigh and emit: the footer's weight, EcoIndex, the published measures."""

    name = "magazine.sobriety"
