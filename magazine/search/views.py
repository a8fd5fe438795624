"""/recherche/: full-text search over published articles (French analysis comes with issue 4)."""

from django.views.generic import ListView

from magazine.articles.models import ArticlePage

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """A query any reader can type, trimmed: no control characters, bounded length."""
    text = "".join(char for char in (raw or "") if char.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


class SearchView(ListView):
    template_name = "pages/search.html"
    context_object_name = "results"
    paginate_by = 12

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q"))
        if not self.query:
            return ArticlePage.objects.none()
        return ArticlePage.objects.published().search(self.query, operator="and")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)
