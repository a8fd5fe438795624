"""Archives by date (years, months, with counts), the corrections page and citation files."""

from datetime import date

from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView, View

from magazine.articles.citation import ArticleCitation
from magazine.articles.filters import ArticleFilterForm
from magazine.articles.listing import ArticleListView
from magazine.articles.models import ArticleCorrection, ArticlePage
from magazine.articles.pagination import ForgivingPaginationMixin
from magazine.core.typography import french_date

MONTHS = [french_date(date(2000, month, 2)).split()[1] for month in range(1, 13)]


def _counts(articles, *fields):
    return (
        articles.order_by()
        .exclude(published_year=None)  # never first published: no date to file it under
        .annotate(year=F("published_year"), month=F("published_month"))
        .values(*fields)
        .annotate(count=Count("pk"))
        .order_by(*(f"-{field}" for field in fields))
    )


class ArchiveFilterMixin:
    """Archives narrowed by theme and territory kind (`?theme=…&territoire=…`)."""

    @cached_property
    def filters(self):
        return ArticleFilterForm(self.request.GET)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filters=self.filters, filter_query=self.filters.querystring(), **kwargs
        )


class ArchiveIndexView(ArchiveFilterMixin, TemplateView):
    template_name = "pages/archive_index.html"

    def get_context_data(self, **kwargs):
        years = _counts(self.filters.filter(ArticlePage.objects.published()), "year")
        return super().get_context_data(years=years, **kwargs)


class ArchiveYearView(ArchiveFilterMixin, ArticleListView):
    template_name = "pages/archive_year.html"

    def get_subject_articles(self, articles):
        articles = articles.published_in(self.kwargs["year"])
        if not articles.exists():
            raise Http404("Aucun article publié cette année-là.")
        articles = self.filters.filter(articles)
        self.months = [
            {**row, "name": MONTHS[row["month"] - 1]} for row in _counts(articles, "month")
        ]
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], months=self.months, **kwargs)


class ArchiveMonthView(ArchiveFilterMixin, ArticleListView):
    template_name = "pages/archive_month.html"

    def get_subject_articles(self, articles):
        if not 1 <= self.kwargs["month"] <= 12:
            raise Http404("Ce mois n’existe pas.")
        return self.filters.filter(articles.published_in(self.kwargs["year"], self.kwargs["month"]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=self.kwargs["year"],
            month=self.kwargs["month"],
            month_name=MONTHS[self.kwargs["month"] - 1],
            **kwargs,
        )


class CorrectionListView(ForgivingPaginationMixin, ListView):
    """/corrections/: every public correction or update of a published article, newest first."""

    template_name = "pages/corrections.html"
    context_object_name = "corrections"
    paginate_by = 20

    def get_queryset(self):
        return ArticleCorrection.objects.published()


class CitationFileView(View):
    """An article's reference as a file for reference managers: BibTeX or RIS."""

    formats = {
        "bib": ("bibtex", "application/x-bibtex; charset=utf-8"),
        "ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
    }
    file_format = None

    def get(self, request, slug):
        article = get_object_or_404(ArticlePage.objects.published(), slug=slug)
        citation = ArticleCitation(article, request)
        method, content_type = self.formats[self.file_format]
        response = HttpResponse(getattr(citation, method)(), content_type=content_type)
        file_name = f"{citation.file_name}.{self.file_format}"
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
        return response
