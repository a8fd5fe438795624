"""The articles of one theme, kind of territory, territory or tag, newest first, paginated."""

from django.shortcuts import get_object_or_404
from taggit.models import Tag

from magazine.articles.listing import ArticleListView
from magazine.taxonomy.models import Territory, TerritoryKind, Theme


class ThemeView(ArticleListView):
    template_name = "pages/theme.html"

    def get_subject_articles(self, articles):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        return articles.in_theme(self.theme)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.theme, **kwargs)


class TerritoryKindView(ArticleListView):
    template_name = "pages/territory_kind.html"

    def get_subject_articles(self, articles):
        self.kind = get_object_or_404(TerritoryKind, slug=self.kwargs["slug"])
        return articles.in_territory_kind(self.kind)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.kind, territories=self.kind.territories.all(), **kwargs
        )


class TerritoryView(ArticleListView):
    template_name = "pages/territory.html"

    def get_subject_articles(self, articles):
        self.territory = get_object_or_404(
            Territory.objects.select_related("kind"),
            slug=self.kwargs["slug"],
            kind__slug=self.kwargs["kind_slug"],
        )
        return articles.in_territory(self.territory)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.territory, **kwargs)


class TagView(ArticleListView):
    template_name = "pages/tag.html"

    def get_subject_articles(self, articles):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return articles.tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.tag, **kwargs)
