"""The search filters: theme, territory kind and year, whose choices each process remembers."""

from django import forms
from django.db.models import Max, Min
from django.utils.timezone import localtime
from wagtail.models import Page

from magazine.articles.filters import ArticleFilterForm
from magazine.articles.models import ArticlePage
from magazine.caching.generation import remembered
from magazine.taxonomy.models import TerritoryKind, Theme


def _current_choices():
    """The themes and territory kinds by slug, and the years with live articles, latest first."""
    dates = ArticlePage.objects.live().aggregate(
        first=Min("first_published_at"), last=Max("first_published_at")
    )
    years = []
    if dates["first"]:
        first, last = localtime(dates["first"]).year, localtime(dates["last"]).year
        years = [str(year) for year in range(last, first - 1, -1)]
    return {
        "themes": {theme.slug: theme for theme in Theme.objects.all()},
        "kinds": {kind.slug: kind for kind in TerritoryKind.objects.all()},
        "years": years,
    }


def filter_choices():
    """What the filters offer, worked out once per process and page generation (a theme, a kind
    of territory, an article published or unpublished each start a new one)."""
    return remembered.get("search-filter-choices", _current_choices)


class SearchFilterForm(ArticleFilterForm):
    """The archive filters, plus the year of publication."""

    annee = forms.ChoiceField(label="Année", required=False)

    # Themes, kinds and years come from this process's memory, not the database.

    def taxonomy(self):
        self._choices = filter_choices()
        return self._choices["themes"], self._choices["kinds"]

    def set_choices(self):
        years = self._choices["years"]
        self.fields["annee"].choices = [("", "Toutes les années"), *zip(years, years, strict=True)]

    def article_ids(self):
        """The selected filters, each as a query of the ids of the articles it keeps.

        For the search index, which holds only published articles: straight from the link
        tables, a published article need not be checked again.
        """
        ids = []
        if theme := self.selected_theme:
            ids.append(ArticlePage.themes.through.objects.filter(theme_id=theme.pk))
        if kind := self.selected_kind:
            ids.append(ArticlePage.territory_kinds.through.objects.filter(territorykind_id=kind.pk))
        ids = [links.values("articlepage_id") for links in ids]
        if year := self.selected.get("annee"):
            ids.append(Page.objects.filter(first_published_at__year=int(year)).values("pk"))
        return ids
