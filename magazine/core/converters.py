"""URL converters shared by the apps' routes."""

from django.urls import register_converter


class AnySlug:
    """A slug as stored, ASCII or not: new slugs are ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS is
    off), but a page or tag saved with « é » in its slug must still have working addresses."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnySlug, "anyslug")
