from django.urls import path

from magazine.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("themes/", views.ThemeIndexView.as_view(), name="theme_index"),
    path("territoires/", views.TerritoryIndexView.as_view(), name="territory_index"),
]
