from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The newsroom's own screens in the admin: dashboard, board, article listing, branding."""

    name = "magazine.newsroom"
    verbose_name = "Rédaction"
