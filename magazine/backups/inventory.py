"""What an installation holds: the counts of a manifest, and whether a restore may replace it."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import dateformat, timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

NO_SUBSCRIBER_MODEL = (
    "aucun modèle d’abonné·es à la lettre d’information n’est installé\u00a0: "
    "pas de compte d’abonné·es"
)


def subscriber_model():
    """The newsletter's subscriber model, if a `newsletter` app with one is installed."""
    for model in apps.get_models():
        if model._meta.app_label == "newsletter" and "subscri" in model._meta.model_name:
            return model
    return None


def content_counts():
    """What the installation holds; tables that do not exist (yet) count as empty."""
    tables = set(connection.introspection.table_names())

    def count(model):
        return model._default_manager.count() if model._meta.db_table in tables else 0

    subscribers = subscriber_model()
    return {
        "pages": count(Page),
        "images": count(get_image_model()),
        "documents": count(get_document_model()),
        "authors": count(apps.get_model("people", "Author")),
        "users": count(get_user_model()),
        "subscribers": count(subscribers) if subscribers else None,
    }


def has_content():
    """True unless the database is empty or merely migrated (no account, no upload, and no
    page but the tree root and Wagtail's placeholder « Welcome » page)."""
    counts = content_counts()
    if any(counts[key] for key in ("images", "documents", "authors", "users", "subscribers")):
        return True
    if Page._meta.db_table not in connection.introspection.table_names():
        return False
    return Page.objects.exclude(
        content_type__app_label="wagtailcore", content_type__model="page"
    ).exists()


def describe_date(manifest):
    """« 27 novembre 2026 à 01:51 », in the site's time zone."""
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return dateformat.format(timezone.localtime(created), "j F Y à H:i")


def describe_counts(counts):
    """« 25 pages, 21 images, 12 documents, 6 auteur·rices, 7 comptes, … »"""
    subscribers = counts.get("subscribers")
    if subscribers is None:
        subscribers_text = "abonné·es\u00a0: aucun modèle"
    else:
        subscribers_text = plural(subscribers, "abonné·e")
    return ", ".join(
        [
            plural(counts["pages"], "page"),
            plural(counts["images"], "image"),
            plural(counts["documents"], "document"),
            plural(counts["authors"], "auteur·rice"),
            plural(counts["users"], "compte"),
            subscribers_text,
        ]
    )


def plural(number, noun, suffix="s"):
    """« 1 page », « 0 page », « 2 pages » (French: the plural starts at 2)."""
    return f"{number} {noun}{suffix if abs(number) >= 2 else ''}"
