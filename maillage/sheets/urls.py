from django.urls import path

from maillage.sheets import views

app_name = "sheets"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("nouvelle/", views.sheet_create, name="create"),
    path("demarche/", views.for_procedure, name="for_procedure"),
    path("<uuid:uuid>/", views.sheet_detail, name="detail"),
    path("<uuid:uuid>/modifier/", views.sheet_edit, name="edit"),
    path("<uuid:uuid>/soumettre/", views.sheet_submit, name="submit"),
    path("<uuid:uuid>/relecture/", views.sheet_review, name="review"),
    path("<uuid:uuid>/retirer/", views.sheet_withdraw, name="withdraw"),
    path("<uuid:uuid>/signaler/", views.sheet_report, name="report"),
    path("<uuid:uuid>/versions/<int:number>/", views.version_detail, name="version"),
]
