"""/glossaire/: every entry, by letter."""

from itertools import groupby

from django.views.generic import TemplateView

from magazine.glossary.models import GlossaryEntry


class GlossaryView(TemplateView):
    template_name = "pages/glossary.html"

    def get_context_data(self, **kwargs):
        entries = sorted(GlossaryEntry.objects.all(), key=lambda entry: entry.term.casefold())
        letters = [(letter, list(group)) for letter, group in groupby(entries, lambda e: e.letter)]
        return {**super().get_context_data(**kwargs), "letters": letters}
