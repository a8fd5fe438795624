"""The search filters: theme, territory kind and year, whose choices come from the shared cache."""

from django import forms
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min
from django.db.models.signals import post_delete, post_save
from django.utils.timezone import localtime
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from magazine.articles.filters import ArticleFilterForm
from magazine.articles.models import ArticlePage
from magazine.taxonomy.models import TerritoryKind, Theme

CHOICES_CACHE_KEY = "search:filter-choices:1"


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
    """What the filters offer, read once from the shared cache; `forget_filter_choices()` is
    called whenever it may have changed."""
    return cache.get_or_set(CHOICES_CACHE_KEY, _current_choices, timeout=None)


def forget_filter_choices(**kwargs):
    """Drop the cached choices now and again once the transaction commits, so that no request
    running meanwhile keeps the old ones."""
    cache.delete(CHOICES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CHOICES_CACHE_KEY))


def connect():
    """Themes and kinds change when saved or deleted; years, when an article goes live or not."""
    for model in (Theme, TerritoryKind):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_filter_choices,
                sender=model,
                dispatch_uid=f"lemag_search_choices_{model.__name__}_{signal is post_save}",
            )
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("deleted", post_delete),
    ):
        signal.connect(
            forget_filter_choices, sender=ArticlePage, dispatch_uid=f"lemag_search_choices_{name}"
        )


class SearchFilterForm(ArticleFilterForm):
    """The archive filters, plus the year of publication."""

    annee = forms.ChoiceField(label="Année", required=False)

    # Themes, kinds and years come from one read of the shared cache, not the database.

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
