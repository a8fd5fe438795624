from django.urls import path

from magazine.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("themes/", views.ThemeIndexView.as_view(), name="theme_index"),
    path("themes/<slug:slug>/", views.ThemeView.as_view(), name="theme"),
    path("territoires/", views.TerritoryIndexView.as_view(), name="territory_index"),
    path("territoires/<slug:slug>/", views.TerritoryKindView.as_view(), name="territory_kind"),
    path(
        "territoires/<slug:kind_slug>/<slug:slug>/",
        views.TerritoryView.as_view(),
        name="territory",
    ),
    path("mots-cles/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
