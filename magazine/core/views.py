"""Views shared by the listing pages (themes, territories, authors, tags, archives)."""

from django.views.generic import ListView

from magazine.articles.models import ArticlePage

LISTING_PAGE_SIZE = 12


class ArticleListView(ListView):
    """A paginated list of published articles about one subject.

    Any `?page=` value is accepted: not a number gives the first page, too large the last one.
    """

    paginate_by = LISTING_PAGE_SIZE
    context_object_name = "articles"
    template_name = "pages/article_listing.html"

    def get_subject_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        return self.get_subject_articles(ArticlePage.objects.published().for_listing())

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
