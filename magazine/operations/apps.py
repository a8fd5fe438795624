from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: run, serve, health, logs, security headers, safe spreadsheet exports."""

    name = "magazine.operations"
