"""Rendering ahead of time what every request will show, with what depends on the request left
as placeholders.

A compiled article (`magazine.compiling`) is rendered once, in the worker, for no reader: its
absolute URLs (canonical, citation, OpenGraph, share links) are built on `ORIGIN`, and the day
its reference says it was consulted is `TODAY`. `fill()` puts the request's scheme and host and
the day in their place when the article is served. Everything else a page shows from its
request (the site, its settings) is the same for every reader of a one-site magazine.
"""

from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from magazine.core.typography import french_date

ORIGIN_HOST = "lemag-origin.invalid"  # .invalid: a name no DNS will ever resolve (RFC 6761)
ORIGIN = f"http://{ORIGIN_HOST}"
TODAY = "LEMAG-CONSULTED-ON"  # letters and hyphens: escaping and typography leave it alone


class DeferredRequest(HttpRequest):
    """A GET of `path` by an anonymous reader of the default site, on `ORIGIN`."""

    deferred = True
    is_preview = False

    def __init__(self, path="/"):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {"SERVER_NAME": ORIGIN_HOST, "SERVER_PORT": "80", "HTTP_HOST": ORIGIN_HOST}
        self.user = AnonymousUser()

    def get_host(self):
        return ORIGIN_HOST  # not in ALLOWED_HOSTS, on purpose: nothing is served to it

    def _get_scheme(self):
        return "http"


def consulted_on(request):
    """The day a reference is consulted: today, or `TODAY` when rendering ahead of time."""
    return TODAY if getattr(request, "deferred", False) else french_date(timezone.localdate())


def fill(html, request):
    """`html` rendered ahead of time, as rendered for `request`: its origin and today."""
    origin = f"{request.scheme}://{request.get_host()}"
    return (
        html.replace(ORIGIN, origin)
        .replace(quote(ORIGIN), quote(origin))  # in share links, the URL is a parameter
        .replace(TODAY, french_date(timezone.localdate()))
    )
