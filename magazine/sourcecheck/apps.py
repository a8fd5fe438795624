from django.apps import AppConfig


class SourcecheckConfig(AppConfig):
    """Living sources: the worker checks the address of every cited source, keeps what each
    check found, tells the rédaction which sources are broken or moved, and gives readers an
    archived copy's address when the original is gone."""

    name = "magazine.sourcecheck"
    verbose_name = "Vérification des sources"
