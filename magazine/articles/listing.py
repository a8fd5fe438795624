"""The view behind every paginated list of articles about one subject: a theme, a territory,
an author, a tag, a year or a month of the archives."""

from django.views.generic import ListView

from magazine.articles.models import ArticlePage
from magazine.articles.pagination import ForgivingPaginationMixin

LISTING_PAGE_SIZE = 12


class ArticleListView(ForgivingPaginationMixin, ListView):
    """A paginated list of published articles about one subject (see ForgivingPaginationMixin)."""

    paginate_by = LISTING_PAGE_SIZE
    context_object_name = "articles"
    template_name = "pages/article_listing.html"

    def get_subject_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        return self.get_subject_articles(ArticlePage.objects.published().for_listing())
