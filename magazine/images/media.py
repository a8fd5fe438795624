"""Uploaded media served by Django, where no web server does it (`LEMAG_SERVE_MEDIA`)."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Documents leave only through /documents/ (attachment, restrictive CSP, view restrictions).
PRIVATE_FOLDERS = ("documents",)


def media(request, path):
    """A file under MEDIA_ROOT, decided on the path as the file system will read it: `//`,
    `./`, `x/../` or an encoded slash cannot reach a private folder."""
    normalised = posixpath.normpath(path).lstrip("/")
    top = normalised.split("/", 1)[0]
    if top in PRIVATE_FOLDERS or top == "..":
        raise Http404("Ce fichier n’est pas servi ici.")
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)
