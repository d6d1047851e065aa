from django.urls import path

from maillage.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("couverture.csv", views.coverage_csv, name="coverage_csv"),
    path("couverture.geojson", views.coverage_geojson, name="coverage_geojson"),
    path("implantation/", views.siting, name="siting"),
    path("implantation/<uuid:uuid>/", views.siting_run, name="siting_run"),
    path("implantation/<uuid:uuid>/etat/", views.siting_run_status, name="siting_run_status"),
]
