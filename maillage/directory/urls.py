from django.urls import path

from maillage.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/<uuid:uuid>/", views.place_detail, name="place"),
    path("carte/", views.map_page, name="map"),
    path("carte/lieux.geojson", views.map_data, name="map_data"),
    path("communes/", views.commune_suggestions, name="communes"),
    path("sante/", views.health, name="health"),
]
