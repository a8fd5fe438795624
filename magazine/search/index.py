"""Keeping the search index in step with what readers can see: exactly the live, public articles.

An article enters the index when it is published and leaves it when it is unpublished or deleted;
a section that gains or loses a view restriction, or is moved, is indexed again. `rebuild()`
(the `rebuild_search` command, run by `load_demo`) starts again from every published article.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from magazine.articles.models import ArticlePage
from magazine.search import backends, text
from magazine.search.models import ArticleSearchEntry, IndexedWord

BATCH_SIZE = 500


def store(entries):
    """Write entries (new or changed), their full-text index and their words."""
    entries = list(entries)
    words = {}
    for entry in entries:
        for folded, word in text.vocabulary(entry.title, entry.chapo, entry.body).items():
            words.setdefault(folded, word)
    with transaction.atomic():
        ArticleSearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["title", "chapo", "body"],
        )
        backends.for_connection().store(entries)
        IndexedWord.objects.bulk_create(
            [IndexedWord(folded=folded, word=word) for folded, word in words.items()],
            ignore_conflicts=True,
        )


def forget(page_ids):
    with transaction.atomic():
        ArticleSearchEntry.objects.filter(page_id__in=page_ids).delete()
        backends.for_connection().forget(page_ids)


def index_article(article):
    """Index an article if readers can see it, or take it out of the index."""
    if ArticlePage.objects.published().filter(pk=article.pk).exists():
        store([ArticleSearchEntry.for_article(article)])
    else:
        forget([article.pk])


def reindex_subtree(page):
    """Index again the articles at or under `page`, after its visibility may have changed."""
    articles = ArticlePage.objects.descendant_of(page, inclusive=True)
    with transaction.atomic():
        forget(list(articles.values_list("pk", flat=True)))
        store(ArticleSearchEntry.for_article(article) for article in articles.published())


def rebuild():
    """Index every published article again; returns how many."""
    articles = ArticlePage.objects.published().order_by("pk")
    with transaction.atomic():
        ArticleSearchEntry.objects.all().delete()
        IndexedWord.objects.all().delete()
        backends.for_connection().clear()
        batch = []
        for article in articles.iterator(chunk_size=BATCH_SIZE):
            batch.append(ArticleSearchEntry.for_article(article))
            if len(batch) == BATCH_SIZE:
                store(batch)
                batch = []
        store(batch)
    return ArticleSearchEntry.objects.count()


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        index_article(instance)


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        forget([instance.pk])


def on_page_moved(sender, instance, **kwargs):
    reindex_subtree(instance)


def on_view_restriction_changed(sender, instance, **kwargs):
    reindex_subtree(instance.page)


def on_article_deleted(sender, instance, **kwargs):
    """The entry goes with its article (cascade), its full-text row goes here."""
    backends.for_connection().forget([instance.pk])


def connect():
    page_published.connect(on_page_published, dispatch_uid="lemag_search_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="lemag_search_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="lemag_search_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"lemag_search_view_restriction_{signal is post_save}",
        )
    post_delete.connect(
        on_article_deleted, sender=ArticlePage, dispatch_uid="lemag_search_article_deleted"
    )
