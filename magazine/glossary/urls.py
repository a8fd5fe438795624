from django.urls import path

from magazine.glossary import views

app_name = "glossary"

urlpatterns = [path("glossaire/", views.GlossaryView.as_view(), name="index")]
