from django.db import models
from wagtail.models import PageManager
from wagtail.query import PageQuerySet


class ArticleQuerySet(PageQuerySet):
    def published(self):
        """Live articles that any reader may see, newest first."""
        return self.live().public().order_by("-first_published_at", "-pk")

    def for_listing(self):
        """What an article card needs, in a fixed number of queries."""
        return self.select_related("lead_image").prefetch_related(
            models.Prefetch(
                "article_authors",
                queryset=self.model.article_authors.rel.related_model.objects.select_related(
                    "author"
                ),
            ),
            "themes",
        )

    def editors_picks(self):
        return self.filter(editors_pick=True)

    def in_theme(self, theme):
        return self.filter(themes=theme)

    def in_territory_kind(self, kind):
        return self.filter(territory_kinds=kind)

    def in_territory(self, territory):
        return self.filter(territories=territory)

    def by_author(self, author):
        return self.filter(article_authors__author=author)

    def tagged(self, tag):
        return self.filter(tagged_items__tag=tag)

    def published_in(self, year, month=None):
        articles = self.filter(first_published_at__year=year)
        return articles.filter(first_published_at__month=month) if month else articles


ArticleManager = PageManager.from_queryset(ArticleQuerySet)
