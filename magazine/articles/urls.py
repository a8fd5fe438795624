from django.urls import path, register_converter

from magazine.articles import views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitMonth(FourDigitYear):
    regex = "[0-9]{2}"

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigitMonth, "mm")

app_name = "articles"

urlpatterns = [
    path("archives/", views.ArchiveIndexView.as_view(), name="archive_index"),
    path("archives/<yyyy:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path(
        "archives/<yyyy:year>/<mm:month>/", views.ArchiveMonthView.as_view(), name="archive_month"
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    # Beside the article's own URL (a Wagtail page, which has no children).
    path(
        "articles/<slug:slug>/citer.bib",
        views.CitationFileView.as_view(file_format="bib"),
        name="cite_bibtex",
    ),
    path(
        "articles/<slug:slug>/citer.ris",
        views.CitationFileView.as_view(file_format="ris"),
        name="cite_ris",
    ),
]
