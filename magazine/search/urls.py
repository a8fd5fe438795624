from django.urls import path

from magazine.search import views

app_name = "search"

urlpatterns = [path("recherche/", views.SearchView.as_view(), name="search")]
