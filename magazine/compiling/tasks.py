"""The worker's share: compiling articles and refreshing what they link to."""

from django.core.cache import cache
from django_tasks import task

from magazine.articles.models import ArticlePage
from magazine.caching.generation import code_version, invalidate
from magazine.compiling import links
from magazine.compiling.compiler import compile_article
from magazine.compiling.models import CompiledArticle

LINKS_QUEUED_KEY = "lemag:links-refresh-queued"


@task()
def compile_articles(article_ids):
    for article_id in article_ids:
        compile_article(article_id)
    queue_links_refresh()  # new records have no links yet


@task()
def compile_missing():
    """Compile every live article that has no record for its live revision and the code running
    now: after a deployment, a change of the site's settings, on a first start."""
    for article_id in articles_to_compile():
        compile_article(article_id)
    queue_links_refresh()


@task()
def refresh_links():
    cache.delete(LINKS_QUEUED_KEY)  # a publication from now on queues another refresh
    refresh_links_now()


def refresh_links_now():
    if links.refresh():
        invalidate()  # pages stored with the previous links are not served again


def articles_to_compile():
    current = set(
        CompiledArticle.objects.filter(code_version=code_version()).values_list(
            "article_id", "revision_id"
        )
    )
    live = ArticlePage.objects.live().order_by("-first_published_at", "-path")
    return [
        pk
        for pk, revision in live.values_list("pk", "live_revision_id")
        if (pk, revision) not in current
    ]


def queue_links_refresh():
    """Queue one refresh of every article's links, unless one is queued and not started."""
    if cache.add(LINKS_QUEUED_KEY, True, timeout=3600):
        refresh_links.enqueue()
