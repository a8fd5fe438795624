import pytest
import time_machine
from django.utils.text import slugify
from wagtail.rich_text import RichText

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.taxonomy.models import TerritoryKind, Theme


@pytest.fixture
def publish_article():
    """Publish an article through Wagtail (its signals index it), on a given day if asked."""
    section = ArticleIndexPage.objects.get()

    def publish(title, chapo="", text="", themes=(), kinds=(), on="2025-06-15 10:00"):
        page = ArticlePage(
            title=title,
            slug=slugify(title)[:60],
            chapo=chapo,
            body=[("paragraph", RichText(f"<p>{text}</p>"))] if text else [],
            live=False,
        )
        page.themes = Theme.objects.filter(slug__in=themes)
        page.territory_kinds = TerritoryKind.objects.filter(slug__in=kinds)
        section.add_child(instance=page)
        with time_machine.travel(on, tick=False):
            page.save_revision().publish()
        return ArticlePage.objects.get(pk=page.pk)

    return publish
