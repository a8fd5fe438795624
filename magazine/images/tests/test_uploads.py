"""Uploads through the admin are checked by content; documents are served as downloads."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

PHP = b"<?php system($_GET['cmd']); ?>\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def image_bytes(fmt, size=(32, 24)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(buffer, format=fmt)
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(side=20_000):
    """A valid PNG of side × side black pixels (400 million) that weighs about 50 KB."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit per pixel, greyscale
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + side // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def opendocument(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def stored_files(folder):
    root = Path(settings.MEDIA_ROOT) / folder
    return {path.name for path in root.rglob("*")} if root.exists() else set()


def root_collection():
    return Collection.get_first_root_node()


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Mairie de Saint-Lô",
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection().pk,
            "description": "La façade de la mairie",
        },
    )


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Délibération du conseil",
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection().pk,
        },
    )


def assert_nothing_saved(upload, client, name, content, model, folder):
    """Upload through the admin; the form comes back, and neither a row nor a file was added."""
    rows, files = model.objects.count(), stored_files(folder)

    response = upload(client, name, content)

    assert response.status_code == 200
    assert model.objects.count() == rows
    assert stored_files(folder) == files
    return response.content.decode()


# --- Images -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("mairie.jpg", "JPEG"),
        ("mairie.png", "PNG"),
        ("mairie.webp", "WEBP"),
        ("mairie.avif", "AVIF"),
        ("mairie.gif", "GIF"),
    ],
)
def test_an_image_in_an_accepted_format_is_saved(admin_client, name, fmt):
    response = upload_image(admin_client, name, image_bytes(fmt))

    assert response.status_code == 302
    image = get_image_model().objects.get(title="Mairie de Saint-Lô")
    assert (image.width, image.height) == (32, 24)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", PHP, "Ce fichier n’est pas une image lisible : il a été refusé."),
        (
            "photo.jpg",
            image_bytes("PNG"),
            "Ce fichier n’est pas une image .jpeg : son contenu est au format png.",
        ),
        (
            "logo.svg",
            SVG,
            "Ce format d’image n’est pas accepté (les images SVG ne le sont pas).",
        ),
        ("logo.png", SVG, "Ce fichier n’est pas une image .png : son contenu est au format svg."),
        (
            "bombe.png",
            decompression_bomb(),
            "Cette image compte trop de pixels : 40\u202f000\u202f000 au plus.",
        ),
    ],
    ids=["php-as-jpg", "png-as-jpg", "svg", "svg-as-png", "decompression-bomb"],
)
def test_an_upload_that_is_not_an_accepted_image_is_refused(admin_client, name, content, message):
    page = assert_nothing_saved(
        upload_image, admin_client, name, content, get_image_model(), "original_images"
    )

    assert message in page


def test_an_image_over_the_size_cap_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    content = image_bytes("PNG", size=(300, 300)) + b"\x00" * 2048
    page = assert_nothing_saved(
        upload_image, admin_client, "grande.png", content, get_image_model(), "original_images"
    )

    assert "Ce fichier est trop gros" in page


def test_the_multiple_upload_refuses_a_disguised_file_too(admin_client):
    count = get_image_model().objects.count()

    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("photo.jpg", PHP)},
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "Ce fichier n’est pas une image lisible" in response.json()["error_message"]
    assert get_image_model().objects.count() == count


# --- Documents --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deliberation.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        ("compte-rendu.odt", opendocument("application/vnd.oasis.opendocument.text")),
        ("budget.ods", opendocument("application/vnd.oasis.opendocument.spreadsheet")),
        ("budget.csv", "commune;montant\nSaint-Lô;12 500 €\n".encode()),
        ("budget-excel.csv", "commune;montant\nSaint-Lô;12 500 €\n".encode("cp1252")),
        ("lisez-moi.txt", "Données publiées sous Licence Ouverte.\n".encode()),
        ("annexes.zip", opendocument("application/octet-stream")),
    ],
)
def test_a_document_in_an_accepted_format_is_saved(admin_client, name, content):
    response = upload_document(admin_client, name, content)

    assert response.status_code == 302
    assert get_document_model().objects.get(title="Délibération du conseil").file_size == len(
        content
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapport.pdf",
            HTML,
            "Le contenu de ce fichier ne correspond pas à son extension « .pdf » : "
            "ce n’est pas un document PDF. Le fichier a été refusé",
        ),
        ("annexes.zip", PHP, "ce n’est pas une archive ZIP."),
        ("compte-rendu.odt", opendocument("application/zip"), "ce n’est pas un texte OpenDocument"),
        ("notes.txt", HTML, "ce n’est pas un texte brut."),
        (
            "notes.txt",
            b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
            "ce n’est pas un texte brut.",
        ),
        ("logo.svg", SVG, "Ce type de fichier n’est pas accepté. Formats acceptés : PDF, ODT"),
        ("page.html", HTML, "Ce type de fichier n’est pas accepté."),
    ],
    ids=["html-as-pdf", "php-as-zip", "zip-as-odt", "html-as-txt", "binary-as-txt", "svg", "html"],
)
def test_a_document_whose_content_does_not_match_is_refused(admin_client, name, content, message):
    page = assert_nothing_saved(
        upload_document, admin_client, name, content, get_document_model(), "documents"
    )

    assert message in page


def test_a_document_over_the_size_cap_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    page = assert_nothing_saved(
        upload_document, admin_client, "gros.txt", b"a" * 2048, get_document_model(), "documents"
    )

    assert "Ce fichier est trop gros (2,0\u00a0Kio)" in page


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("deliberation.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
        ("lisez-moi.txt", b"Bonjour\n", "text/plain"),
    ],
)
def test_a_document_is_served_as_a_download_that_runs_nothing(
    admin_client, client, name, content, content_type
):
    assert upload_document(admin_client, name, content).status_code == 302
    document = get_document_model().objects.get(title="Délibération du conseil")
    client.logout()

    response = client.get(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "prefix",
    [
        "/media/documents/",
        "/media//documents/",
        "/media/./documents/",
        "/media/%2Fdocuments/",
        "/media/x/../documents/",
        "/media/images/../documents/",
    ],
)
def test_documents_never_leave_through_media(admin_client, client, prefix):
    """Defect 5: a document (possibly password-protected) is served by /documents/ only."""
    assert (
        upload_document(admin_client, "deliberation.pdf", b"%PDF-1.7\n%%EOF\n").status_code == 302
    )
    document = get_document_model().objects.get(title="Délibération du conseil")
    client.logout()
    file_name = document.file.name.removeprefix("documents/")
    response = client.get(prefix + file_name)
    assert response.status_code == 404
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_images_are_still_served_from_media(client):
    image = get_image_model().objects.first()
    response = client.get("/media/" + image.file.name)
    assert response.status_code == 200
