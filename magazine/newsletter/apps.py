from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """La lettre: readers subscribe by e-mail (double opt-in) at /lettre/ (issue 14)."""

    name = "magazine.newsletter"
    verbose_name = "Lettre d’information"
