from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "magazine.images"
    # What readers see besides pages (magazine.caching.generation): images and documents.
    reader_visible_models = ["images.MagazineImage", "wagtaildocs.Document"]
