"""The lists of themes and of territories (the articles of each: magazine.articles.subjects)."""

from django.views.generic import ListView

from magazine.taxonomy.models import TerritoryKind, Theme


class ThemeIndexView(ListView):
    template_name = "pages/theme_index.html"
    context_object_name = "themes"

    def get_queryset(self):
        return Theme.objects.all()


class TerritoryIndexView(ListView):
    template_name = "pages/territory_index.html"
    context_object_name = "kinds"

    def get_queryset(self):
        return TerritoryKind.objects.prefetch_related("territories")
