from django.urls import path

from magazine.core import converters  # noqa: F401  (registers « anyslug »)
from magazine.people import views

app_name = "people"

urlpatterns = [
    path("auteurs/", views.AuthorIndexView.as_view(), name="author_index"),
    path("auteurs/<anyslug:slug>/", views.AuthorView.as_view(), name="author"),
]
