from django.urls import path

from maillage.outreach import views, views_terrain

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_create, name="create"),
    path("terrain/", views_terrain.terrain, name="terrain"),
    path("terrain/manifest.webmanifest", views_terrain.manifest, name="terrain_manifest"),
    path("terrain/sw.js", views_terrain.service_worker, name="terrain_sw"),
    path("terrain/donnees.json", views_terrain.bootstrap, name="terrain_bootstrap"),
    path("terrain/envoi.json", views_terrain.sync, name="terrain_sync"),
    path("<uuid:uuid>/", views.campaign_detail, name="detail"),
    path("<uuid:uuid>/modifier/", views.campaign_edit, name="edit"),
    path("<uuid:uuid>/contact/", views.attempt_create, name="attempt"),
    path("<uuid:uuid>/chiffres.csv", views.figures_csv, name="figures_csv"),
    path("<uuid:uuid>/contacts.csv", views.attempts_csv, name="attempts_csv"),
]
