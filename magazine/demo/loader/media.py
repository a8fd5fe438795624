"""Images and documents of the demo, made by code and stored once."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from magazine.demo.loader import drawing, files


def demo_image(key, spec):
    """The image drawn from `spec`, created the first time only (looked up by title)."""
    Image = get_image_model()
    image = Image.objects.filter(title=spec["title"]).first()
    if image is None:
        image = Image(
            title=spec["title"],
            description="" if spec.get("decorative") else spec.get("alt", ""),
            credit=spec.get("credit", ""),
            file=ImageFile(io.BytesIO(drawing.draw_png(spec)), name=f"{slugify(key)}.png"),
        )
        image.save()
    return image


def demo_document(key, spec):
    """The document made from `spec`, created the first time only (looked up by title), with its
    size and hash, as Wagtail's upload form fills them.

    Without them, Wagtail saves the size the first time a page shows it: saving a document starts
    new generations of the caches (magazine.caching.pagecache), so the first readers would empty
    every cache once per document.
    """
    Document = get_document_model()
    document = Document.objects.filter(title=spec["title"]).first()
    if document is None:
        if spec["kind"] == "csv":
            data, extension = files.csv_bytes(spec["rows"]), "csv"
        else:
            data, extension = files.pdf_bytes(spec["title"], spec["lines"]), "pdf"
        document = Document(
            title=spec["title"], file_size=len(data), file_hash=hash_filelike(io.BytesIO(data))
        )
        document.file.save(f"{slugify(key)}.{extension}", ContentFile(data), save=False)
        document.save()
    return document
