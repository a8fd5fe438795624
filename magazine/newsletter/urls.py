from django.urls import path

from magazine.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
