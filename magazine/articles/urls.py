from datetime import MAXYEAR, MINYEAR

from django.urls import path, register_converter

from magazine.articles import subjects, views
from magazine.core import converters  # noqa: F401  (registers « anyslug »)


class FourDigitYear:
    """A year of four digits that a date can hold in any time zone: year 1 would overflow when
    midnight in Paris becomes UTC, year 0 does not exist. Any other is no match: a 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if not MINYEAR < year < MAXYEAR:
            raise ValueError(f"year {year} is out of range")
        return year

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitMonth:
    """A month from 01 to 12; 00, 13… are no match: a 404."""

    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigitMonth, "mm")

app_name = "articles"

urlpatterns = [
    path("themes/<anyslug:slug>/", subjects.ThemeView.as_view(), name="theme"),
    path(
        "territoires/<anyslug:slug>/", subjects.TerritoryKindView.as_view(), name="territory_kind"
    ),
    path(
        "territoires/<anyslug:kind_slug>/<anyslug:slug>/",
        subjects.TerritoryView.as_view(),
        name="territory",
    ),
    path("mots-cles/<anyslug:slug>/", subjects.TagView.as_view(), name="tag"),
    path("archives/", views.ArchiveIndexView.as_view(), name="archive_index"),
    path("archives/<yyyy:year>/", views.ArchiveYearView.as_view(), name="archive_year"),
    path(
        "archives/<yyyy:year>/<mm:month>/", views.ArchiveMonthView.as_view(), name="archive_month"
    ),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    # Beside the article's own URL (a Wagtail page, which has no children).
    path(
        "articles/<anyslug:slug>/citer.bib",
        views.CitationFileView.as_view(file_format="bib"),
        name="cite_bibtex",
    ),
    path(
        "articles/<anyslug:slug>/citer.ris",
        views.CitationFileView.as_view(file_format="ris"),
        name="cite_ris",
    ),
]
