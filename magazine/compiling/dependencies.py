"""Which change compiles which articles again.

A record is served only for the revision it was compiled from, by the code that compiled it
(`CompiledArticleQuerySet.current_for`). What it shows from elsewhere is listed with it
(`Dependency`, filled by `compiler.shown_from_elsewhere`): when one of those changes, its
records are marked stale at once (`mark_stale`), so that the article is rendered afresh until
the worker has compiled it again, once the change is committed.

| change                                                | compiled again                        |
|-------------------------------------------------------|---------------------------------------|
| an article published (edit form, workflow, scheduler, |                                       |
|   revision history, bulk action)                      | that article                          |
| a public correction saved or deleted                  | its article                           |
| an image saved or deleted                             | the articles showing it               |
| a document saved or deleted                           | the articles linking to it            |
| a page published, unpublished, moved, renamed, deleted| the articles linking to it            |
| a theme, kind of territory, territory, tag            | the articles classified under it      |
| an author saved or deleted                            | the articles they signed or reviewed  |
| a glossary entry changed or deleted                   | the articles it marks                 |
| a glossary entry added, or its term changed           | every article (any may use the term)  |
| a user's name changed                                 | the articles they reviewed            |
| a source's address found gone, or back (sourcecheck)  | the articles citing it                |
| the site settings or the site saved                   | every article                         |
| new code or templates (a deployment runs `migrate`)   | every article, in the background;     |
|                                                       |   rendered afresh until then          |
| a page published; the classification changed         | the links of every article (related   |
|                                                       |   articles, dossier), in the background|
| a page unpublished, moved, renamed, deleted or        | the links of every article, as soon   |
|   restricted                                          |   as committed, by the request itself  |

Each row has its test in `tests/test_dependencies.py`.
"""

import functools
import threading

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from magazine.articles.models import ArticleCorrection, ArticlePage, ArticleSource
from magazine.caching.generation import public_name_changes
from magazine.compiling.models import CompiledArticle
from magazine.compiling.tasks import (
    compile_articles,
    compile_missing,
    queue_links_refresh,
    refresh_links_now,
)
from magazine.glossary.models import GlossaryEntry
from magazine.sourcecheck.checking import gone_changed

SHOWN_MODELS = [
    "taxonomy.Theme",
    "taxonomy.TerritoryKind",
    "taxonomy.Territory",
    "taggit.Tag",
    "people.Author",
]
EVERYTHING_MODELS = ["core.SiteSettings", "wagtailcore.Site"]


def recompile(article_ids):
    """Stop serving the records of `article_ids` now; compile them again once committed."""
    article_ids = sorted(set(article_ids))
    if article_ids:
        CompiledArticle.objects.filter(article_id__in=article_ids).mark_stale()
        transaction.on_commit(functools.partial(compile_articles.enqueue, article_ids))


def recompile_showing(instance):
    recompile(CompiledArticle.objects.depending_on(instance).values_list("article_id", flat=True))


def shown_changed(sender, instance, **kwargs):
    recompile_showing(instance)
    transaction.on_commit(queue_links_refresh)


def glossary_changed(sender, instance, signal, **kwargs):
    """A new term (a new entry, or an entry's term changed) may be used by any article; an
    entry otherwise changed, or deleted, by the articles it marks."""
    if signal is post_save and instance.term_changed:
        everything_changed()
    else:
        recompile_showing(instance)


def everything_changed(**kwargs):
    CompiledArticle.objects.mark_stale()
    transaction.on_commit(compile_missing.enqueue)


def page_changed(sender, instance, signal, **kwargs):
    """A page was published, unpublished, moved, renamed or deleted."""
    recompile_showing(instance)
    if isinstance(instance, ArticlePage) and signal in (page_published, page_unpublished):
        recompile([instance.pk])  # compiled if live, forgotten if not
    if signal is page_published:
        transaction.on_commit(queue_links_refresh)
    else:
        who_may_read_changed()


class OncePerCommit:
    """Run `func` once after the commit, however many times the transaction asked for it
    (deleting a section deletes each of its pages). A callback asked for by a transaction
    rolled back is dropped with it, and the next transaction asks again. Counted per thread,
    as transactions are (Django's connections): another thread's commit covers nothing here."""

    def __init__(self, func):
        self.func = func
        self.count = threading.local()

    def __call__(self, **kwargs):
        asked = getattr(self.count, "asked", 0) + 1
        self.count.asked = asked
        transaction.on_commit(functools.partial(self._run, asked))

    def _run(self, asked):
        if asked > getattr(self.count, "done", 0):  # the first callback of a commit covers
            self.count.done = self.count.asked  # the others
            self.func()


# A page unpublished, moved, renamed, deleted or restricted: no article links to it (nor shows
# its title) any more once the change is committed, not a moment later.
who_may_read_changed = OncePerCommit(refresh_links_now)


def correction_changed(sender, instance, **kwargs):
    recompile([instance.page_id])


def sources_gone_or_back(sender, urls, **kwargs):
    recompile(ArticleSource.objects.filter(url__in=urls).values_list("page_id", flat=True))


def user_saving(sender, instance, update_fields=None, **kwargs):
    if public_name_changes(sender, instance, update_fields):
        recompile_showing(instance)


def after_migrate(**kwargs):
    """A deployment: compile in the background what the new code renders differently."""
    transaction.on_commit(compile_missing.enqueue)


def connect_signals():
    uid = "lemag-compiling"
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(page_changed, dispatch_uid=uid)
    post_delete.connect(page_changed, sender=Page, dispatch_uid=f"{uid}-page")
    for model in [
        *(apps.get_model(label) for label in SHOWN_MODELS),
        get_image_model(),
        get_document_model(),
    ]:
        for signal in (post_save, post_delete):
            signal.connect(shown_changed, sender=model, dispatch_uid=f"{uid}-{model}")
    for model in (apps.get_model(label) for label in EVERYTHING_MODELS):
        for signal in (post_save, post_delete):
            signal.connect(everything_changed, sender=model, dispatch_uid=f"{uid}-{model}")
    for signal in (post_save, post_delete):
        signal.connect(glossary_changed, sender=GlossaryEntry, dispatch_uid=uid)
        signal.connect(correction_changed, sender=ArticleCorrection, dispatch_uid=uid)
        signal.connect(who_may_read_changed, sender=PageViewRestriction, dispatch_uid=uid)
    gone_changed.connect(sources_gone_or_back, dispatch_uid=uid)
    pre_save.connect(user_saving, sender=get_user_model(), dispatch_uid=f"{uid}-user")
    post_migrate.connect(
        after_migrate, sender=apps.get_app_config("contenttypes"), dispatch_uid=uid
    )
