from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "magazine.users"
