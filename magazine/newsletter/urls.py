from django.urls import path

from magazine.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("lettre/mon-abonnement/<str:token>/", views.manage, name="manage"),
    path("lettre/mon-abonnement/<str:token>/donnees.json", views.download, name="download"),
    path("lettre/mon-abonnement/<str:token>/supprimer/", views.delete, name="delete"),
]
