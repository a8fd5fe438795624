"""The demo's documents come with their size and hash (issue 11, defect 11): reading them, or a
page that shows their size, saves nothing and so empties no cache."""

from django.template.defaultfilters import filesizeformat
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from magazine.caching.generation import generation

ARTICLE = "/articles/etat-civil-mairie-rurale/"  # shows a document and its size


def test_every_demo_document_has_its_size_and_hash():
    documents = get_document_model().objects.all()
    assert documents.exists()
    for document in documents:
        with document.open_file() as file:
            assert (document.file_size, document.file_hash) == (file.size, hash_filelike(file))


def test_reading_the_documents_keeps_the_cache_generation(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LEMAG_PAGE_CACHE = True
    generations = generation.current()
    documents = get_document_model().objects.all()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        html = client.get(ARTICLE).content.decode()
        for document in documents:
            response = client.get(document.url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content)
    assert callbacks == []  # nothing saved, no new generation waiting for the commit
    generation.forget_local_copies()  # read them again from the shared cache
    assert generation.current() == generations
    shown = get_document_model().objects.get(title__startswith="Tableau de suivi des demandes")
    assert f"({shown.file_extension.upper()}, {filesizeformat(shown.file_size)})" in html
