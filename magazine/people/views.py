from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from magazine.articles.listing import ArticleListView
from magazine.people.models import Author


class AuthorIndexView(ListView):
    template_name = "pages/author_index.html"
    context_object_name = "authors"

    def get_queryset(self):
        return Author.objects.select_related("photo")


class AuthorView(ArticleListView):
    template_name = "pages/author.html"

    def get_subject_articles(self, articles):
        self.author = get_object_or_404(
            Author.objects.prefetch_related("links"), slug=self.kwargs["slug"]
        )
        return articles.by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.author, **kwargs)
