"""Every article's links computed at once are those the article's own queries give."""

import datetime
import threading

from django.db import connection
from django.utils import timezone
from wagtail.models import PageViewRestriction

from magazine.articles.models import ArticleIndexPage, ArticlePage, RelatedArticle
from magazine.compiling import dependencies
from magazine.compiling.links import all_reading_links
from magazine.compiling.models import CompiledArticle
from magazine.dossiers.models import DossierPage
from magazine.taxonomy.models import Theme


def one_by_one():
    return {article.pk: article.reading_links for article in ArticlePage.objects.published()}


def test_the_demo_s_links_computed_at_once_are_those_of_each_article():
    computed = all_reading_links()
    assert computed == one_by_one()
    assert any(links["dossier"] for links in computed.values())
    assert all(links["related"] for links in computed.values())


def _article(slug, days_ago, themes, tags=()):
    page = ArticlePage(
        title=f"Article {slug}",
        slug=slug,
        first_published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    page.themes = list(themes)
    page.tags.add(*tags)
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_ties_choices_and_private_articles_are_treated_alike(article):
    themes = list(article.themes.all())
    same_day = [_article(f"jumeau-{n}", days_ago=3, themes=themes) for n in range(3)]
    _article("plus-proche", days_ago=400, themes=themes, tags=["état civil", "COMEDEC"])
    private = _article("privé", days_ago=1, themes=themes)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    unpublished = _article("retiré", days_ago=2, themes=themes)
    unpublished.unpublish()
    for position, chosen in enumerate([unpublished, same_day[2], article, same_day[2]]):
        RelatedArticle.objects.create(page=same_day[0], article=chosen, sort_order=position)
    # A dossier the article is in twice over: the first by its place in them is shown.
    other_dossier = (
        DossierPage.objects.live()
        .first()
        .copy(update_attrs={"slug": "autre-dossier", "title": "Autre dossier"})
    )
    other_dossier.dossier_articles.create(article=same_day[1], sort_order=0)
    other_dossier.dossier_articles.create(article=article, sort_order=0)

    computed = all_reading_links()
    assert computed == one_by_one()
    assert private.pk not in computed and unpublished.pk not in computed
    assert [link["title"] for link in computed[same_day[0].pk]["related"]][:2] == [
        "Article jumeau-2",
        article.title,
    ]


def test_a_publication_refreshes_the_links_of_every_compiled_article(article, publish):
    assert CompiledArticle.objects.count() == ArticlePage.objects.live().count()
    showing_it = [
        record
        for record in CompiledArticle.objects.all()
        if any(link["url"] == article.url for link in record.links["related"])
    ]
    assert showing_it
    publish(article, title="Un titre tout neuf")
    for record in showing_it:
        record.refresh_from_db()
        assert {"title": "Un titre tout neuf", "url": article.url} in record.links["related"]


def test_a_theme_deleted_refreshes_the_links(django_capture_on_commit_callbacks):
    before = {record.pk: record.links for record in CompiledArticle.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        Theme.objects.first().delete()
    after = {record.article_id: record.links for record in CompiledArticle.objects.all()}
    assert after == {pk: links for pk, links in all_reading_links().items() if pk in after}
    assert after != before


def test_unpublishing_several_articles_refreshes_the_links_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Each unpublication asks for the links to be refreshed before the commit ends."""
    refreshes = []
    monkeypatch.setattr(dependencies.who_may_read_changed, "func", lambda: refreshes.append(1))
    with django_capture_on_commit_callbacks(execute=True):
        for article in ArticlePage.objects.live()[:3]:
            article.unpublish()
    assert refreshes == [1]


def test_another_threads_commit_does_not_cover_this_transactions_refresh(
    django_capture_on_commit_callbacks,
):
    """A threaded server: another request's commit, in between, runs its own refresh only."""
    refreshes = []
    once = dependencies.OncePerCommit(lambda: refreshes.append(threading.current_thread().name))

    def other_request():
        once()  # no transaction open in this thread: runs at once, as after its commit
        connection.close()

    with django_capture_on_commit_callbacks(execute=True):
        once()
        thread = threading.Thread(target=other_request, name="autre")
        thread.start()
        thread.join()
    assert refreshes == ["autre", threading.current_thread().name]
