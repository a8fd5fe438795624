from django import forms
from django.utils.timezone import localtime
from wagtail.models import Page

from magazine.articles.filters import ArticleFilterForm
from magazine.articles.models import ArticlePage


class SearchFilterForm(ArticleFilterForm):
    """The archive filters, plus the year of publication."""

    annee = forms.ChoiceField(label="Année", required=False)

    def set_choices(self):
        dates = ArticlePage.objects.live().values_list("first_published_at", flat=True)
        first = dates.order_by("first_published_at").first()
        last = dates.order_by("-first_published_at").first()
        years = []
        if first:
            years = [
                str(year) for year in range(localtime(last).year, localtime(first).year - 1, -1)
            ]
        self.fields["annee"].choices = [("", "Toutes les années"), *zip(years, years, strict=True)]

    def article_ids(self):
        """The selected filters, each as a query of the ids of the articles it keeps.

        For the search index, which holds only published articles: straight from the link
        tables, a published article need not be checked again.
        """
        ids = []
        if theme := self.selected_theme:
            ids.append(ArticlePage.themes.through.objects.filter(theme=theme))
        if kind := self.selected_kind:
            ids.append(ArticlePage.territory_kinds.through.objects.filter(territorykind=kind))
        ids = [links.values("articlepage_id") for links in ids]
        if year := self.selected.get("annee"):
            ids.append(Page.objects.filter(first_published_at__year=int(year)).values("pk"))
        return ids
