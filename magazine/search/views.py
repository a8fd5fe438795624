"""/recherche/: French full-text search over published articles, with filters."""

from urllib.parse import urlencode

from django.views.generic import TemplateView

from magazine.articles.pagination import page_of
from magazine.search import text
from magazine.search.forms import SearchFilterForm
from magazine.search.query import PAGE_SIZE, clean_query, search_articles
from magazine.search.suggestions import suggest


class SearchView(TemplateView):
    template_name = "pages/search.html"

    def get_context_data(self, **kwargs):
        filters = SearchFilterForm(self.request.GET)
        query = clean_query(self.request.GET.get("q"))
        within = filters.article_ids()
        results = search_articles(query, within)
        page = page_of(self.request, results, PAGE_SIZE)
        # Only when nothing is found: the suggestion costs a look through the index's words.
        suggestion = suggest(query, within) if results.words and not results.count() else None
        return super().get_context_data(
            query=query,
            too_short=0 < len(query) < text.MIN_QUERY_WORD_LENGTH,
            searchable=bool(results.words),
            filters=filters,
            filtered=bool(filters.selected),
            filter_query=filters.querystring(q=query),
            plain_query=urlencode({"q": query}),
            suggestion=suggestion,
            suggestion_query=filters.querystring(q=suggestion),
            page_obj=page,
            **kwargs,
        )
