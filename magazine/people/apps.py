from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "magazine.people"
    # What readers see besides pages (magazine.caching.generation).
    reader_visible_models = ["people.Author", "people.AuthorLink"]
