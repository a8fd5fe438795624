from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    """The acronyms and jargon of the field, explained: /glossaire/ and their first use in
    each article."""

    name = "magazine.glossary"
    verbose_name = "Glossaire"
    # What readers see besides pages (magazine.caching.generation).
    reader_visible_models = ["glossary.GlossaryEntry"]
