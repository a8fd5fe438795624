"""/recherche/: French full-text search over published articles, with filters."""

from urllib.parse import urlencode

from django.views.generic import TemplateView

from magazine.articles.pagination import page_of
from magazine.search.forms import SearchFilterForm
from magazine.search.query import PAGE_SIZE, clean_query, search_articles


class SearchView(TemplateView):
    template_name = "pages/search.html"

    def get_context_data(self, **kwargs):
        filters = SearchFilterForm(self.request.GET)
        query = clean_query(self.request.GET.get("q"))
        results = search_articles(query, filters.article_ids())
        page = page_of(self.request, results, PAGE_SIZE)
        return super().get_context_data(
            query=query,
            searchable=bool(results.terms),
            filters=filters,
            filtered=bool(filters.selected),
            filter_query=filters.querystring(q=query),
            plain_query=urlencode({"q": query}),
            page_obj=page,
            **kwargs,
        )
