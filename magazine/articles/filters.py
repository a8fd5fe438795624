"""Narrowing a list of articles by theme and territory kind, from a plain GET form.

Values that are not offered (unknown slugs, garbage) are ignored, so every URL answers; the
links a page builds (`querystring`) only carry the filters actually applied.
"""

from urllib.parse import urlencode

from django import forms

from magazine.taxonomy.models import TerritoryKind, Theme


class ArticleFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Thème", required=False)
    territoire = forms.ChoiceField(label="Type de territoire", required=False)

    def __init__(self, query=None):
        super().__init__(label_suffix="")
        self.themes, self.kinds = self.taxonomy()
        self.fields["theme"].choices = [
            ("", "Tous les thèmes"),
            *((slug, theme.name) for slug, theme in self.themes.items()),
        ]
        self.fields["territoire"].choices = [
            ("", "Tous les types de territoire"),
            *((slug, kind.name) for slug, kind in self.kinds.items()),
        ]
        self.set_choices()
        self.selected = self._offered_values(query or {})
        self.initial = self.selected

    def taxonomy(self):
        """({slug: theme}, {slug: territory kind}) the filters offer."""
        return (
            {theme.slug: theme for theme in Theme.objects.all()},
            {kind.slug: kind for kind in TerritoryKind.objects.all()},
        )

    def set_choices(self):
        """Subclasses offer more fields here."""

    def _offered_values(self, query):
        selected = {}
        for name, field in self.fields.items():
            value = query.get(name, "")
            if value and value in {str(key) for key, _ in field.choices}:
                selected[name] = value
        return selected

    @property
    def selected_theme(self):
        return self.themes.get(self.selected.get("theme"))

    @property
    def selected_kind(self):
        return self.kinds.get(self.selected.get("territoire"))

    def filter(self, articles):
        if self.selected_theme:
            articles = articles.in_theme(self.selected_theme)
        if self.selected_kind:
            articles = articles.in_territory_kind(self.selected_kind)
        return articles

    def querystring(self, **extra):
        """The applied filters (and `extra` values) as a URL query, without the leading « ? »."""
        return urlencode({**{key: value for key, value in extra.items() if value}, **self.selected})
