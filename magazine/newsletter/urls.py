from django.urls import path

from magazine.newsletter import views
from magazine.newsletter.feeds import IssueFeed

app_name = "newsletter"

urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("lettre/mon-abonnement/<str:token>/", views.manage, name="manage"),
    path("lettre/mon-abonnement/<str:token>/donnees.json", views.download, name="download"),
    path("lettre/mon-abonnement/<str:token>/supprimer/", views.delete, name="delete"),
    path("lettre/numeros/", views.issues, name="issues"),
    path("lettre/numeros/flux.atom", IssueFeed(), name="issues_feed"),
    path("lettre/numeros/<int:number>/", views.issue, name="issue"),
]
