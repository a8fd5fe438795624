from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "magazine.images"
