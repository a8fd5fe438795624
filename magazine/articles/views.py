"""Archives by date: years, months, with counts."""

from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.views.generic import TemplateView

from magazine.articles.models import ArticlePage
from magazine.core.typography import french_date
from magazine.core.views import ArticleListView

MONTHS = [french_date(date(2000, month, 2)).split()[1] for month in range(1, 13)]


def _counts(articles, *fields):
    return (
        articles.order_by()
        .annotate(year=ExtractYear("first_published_at"), month=ExtractMonth("first_published_at"))
        .values(*fields)
        .annotate(count=Count("pk"))
        .order_by(*(f"-{field}" for field in fields))
    )


class ArchiveIndexView(TemplateView):
    template_name = "pages/archive_index.html"

    def get_context_data(self, **kwargs):
        years = _counts(ArticlePage.objects.published(), "year")
        return super().get_context_data(years=years, **kwargs)


class ArchiveYearView(ArticleListView):
    template_name = "pages/archive_year.html"

    def get_subject_articles(self, articles):
        articles = articles.published_in(self.kwargs["year"])
        self.months = [
            {**row, "name": MONTHS[row["month"] - 1]} for row in _counts(articles, "month")
        ]
        if not self.months:
            raise Http404("Aucun article publié cette année-là.")
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], months=self.months, **kwargs)


class ArchiveMonthView(ArticleListView):
    template_name = "pages/archive_month.html"

    def get_subject_articles(self, articles):
        if not 1 <= self.kwargs["month"] <= 12:
            raise Http404("Ce mois n’existe pas.")
        return articles.published_in(self.kwargs["year"], self.kwargs["month"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            year=self.kwargs["year"],
            month=self.kwargs["month"],
            month_name=MONTHS[self.kwargs["month"] - 1],
            **kwargs,
        )
