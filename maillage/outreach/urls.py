from django.urls import path

from maillage.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_create, name="create"),
    path("<uuid:uuid>/", views.campaign_detail, name="detail"),
    path("<uuid:uuid>/modifier/", views.campaign_edit, name="edit"),
    path("<uuid:uuid>/contact/", views.attempt_create, name="attempt"),
    path("<uuid:uuid>/chiffres.csv", views.figures_csv, name="figures_csv"),
    path("<uuid:uuid>/contacts.csv", views.attempts_csv, name="attempts_csv"),
]
