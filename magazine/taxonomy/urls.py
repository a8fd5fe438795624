from django.urls import path

from magazine.core import converters  # noqa: F401  (registers « anyslug »)
from magazine.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("themes/", views.ThemeIndexView.as_view(), name="theme_index"),
    path("themes/<anyslug:slug>/", views.ThemeView.as_view(), name="theme"),
    path("territoires/", views.TerritoryIndexView.as_view(), name="territory_index"),
    path("territoires/<anyslug:slug>/", views.TerritoryKindView.as_view(), name="territory_kind"),
    path(
        "territoires/<anyslug:kind_slug>/<anyslug:slug>/",
        views.TerritoryView.as_view(),
        name="territory",
    ),
    path("mots-cles/<anyslug:slug>/", views.TagView.as_view(), name="tag"),
]
