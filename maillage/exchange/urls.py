"""Public open-data files under /donnees/ and the back-office import/export pages under /gestion/echanges/."""

from django.urls import URLPattern, URLResolver, path

from maillage.exchange import views_datainclusion, views_import

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("gestion/echanges/import-lieux/", views_import.place_import, name="place_import"),
    path("gestion/echanges/import-lieux/<uuid:uuid>/", views_import.place_import_review, name="place_import_review"),
    path(
        "gestion/echanges/import-lieux/<uuid:uuid>/confirmer/",
        views_import.place_import_confirm,
        name="place_import_confirm",
    ),
    path(
        "donnees/data-inclusion/structures.json",
        views_datainclusion.structures,
        name="datainclusion_structures",
    ),
    path("donnees/data-inclusion/services.json", views_datainclusion.services, name="datainclusion_services"),
]
