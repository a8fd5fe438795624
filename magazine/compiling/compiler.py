"""Compiling an article: rendering its own parts once, for the revision that is live, and
noting what they show from elsewhere.

The parts are the templates the article's page includes when it has no record
(`pages/article_page.html`): `articles/head.html` (OpenGraph, Highwire, JSON-LD) and
`articles/body.html` (kicker, title, byline and « Relu par », lead image, contents, corrections,
body, notes, sources, classification, citation). They are rendered for a `DeferredRequest`:
absolute URLs and the day of consultation are placeholders, filled for each request.
"""

from django.db import transaction
from django.template.loader import render_to_string
from wagtail.models import ReferenceIndex

from magazine.articles.models import ArticlePage
from magazine.caching.generation import code_version
from magazine.compiling.models import CompiledArticle, Dependency, content_type_of
from magazine.core.deferred import DeferredRequest
from magazine.editorial.trace import relectures_of
from magazine.glossary.marking import entries_marked

PARTS = {"head": "articles/head.html", "body": "articles/body.html"}


def compile_article(article_id):
    """Compile the live article `article_id` and store its record; forget the record of an
    article that is not live any more. Returns the record, or None.

    What the article links to elsewhere is not compiled here but by `links.refresh()`, for
    every article at once, which every publication queues: a record keeps its links until
    then; a new one has none yet (`links` is None) and its page works them out meanwhile."""
    page = ArticlePage.objects.live().filter(pk=article_id).first()
    if page is None or page.live_revision_id is None:
        CompiledArticle.objects.filter(article_id=article_id).delete()
        return None
    request = DeferredRequest(page.url or "/")
    context = page.get_context(request)
    parts = {name: render_to_string(template, context, request) for name, template in PARTS.items()}
    with transaction.atomic():
        record, _created = CompiledArticle.objects.update_or_create(
            article_id=page.pk,
            defaults={
                "revision_id": page.live_revision_id,
                "code_version": code_version(),
                **parts,
                "images": request.__dict__.get("page_weight_images", []),
            },
        )
        record.dependencies.all().delete()
        Dependency.objects.bulk_create(
            Dependency(compiled=record, content_type_id=content_type_id, object_id=object_id)
            for content_type_id, object_id in shown_from_elsewhere(page, parts["body"])
        )
    return record


def shown_from_elsewhere(page, body=""):
    """{(content type id, object id)} of what the article's parts show besides its own fields:
    what it references (lead image, images, documents and pages of its body: Wagtail's reference
    index), its classification, its authors, its reviewers and their author records, the
    glossary entries marked in its `body` as compiled."""
    # Wagtail updates its index in a task of its own: make sure it is this revision's.
    ReferenceIndex.create_or_update_for_object(page)
    shown = {
        (reference.to_content_type_id, reference.to_object_id)
        for reference in ReferenceIndex.get_references_for_object(page)
    }
    for relation in ("themes", "territory_kinds", "territories", "tags"):
        for item in getattr(page, relation).all():
            shown.add(_key(item))
            if relation == "territories":
                shown.add(_key(item.kind))  # in the territory's URL
    shown.update(_key(author) for author in page.authors)
    shown.update(_key(entry) for entry in entries_marked(body))
    for state in relectures_of(page):
        shown.add(_key(state.finished_by))
        if getattr(state.finished_by, "author", None):
            shown.add(_key(state.finished_by.author))
    return shown


def _key(instance):
    return (content_type_of(instance).pk, str(instance.pk))
