from django.urls import path

from magazine.people import views

app_name = "people"

urlpatterns = [
    path("auteurs/", views.AuthorIndexView.as_view(), name="author_index"),
    path("auteurs/<slug:slug>/", views.AuthorView.as_view(), name="author"),
]
