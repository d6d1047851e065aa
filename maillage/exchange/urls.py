"""Public open-data files under /donnees/ and the back-office import/export pages under /gestion/echanges/."""

from django.urls import URLPattern, URLResolver, path

from maillage.exchange import views_datainclusion, views_export, views_import, views_open_data

app_name = "exchange"
STRUCTURE = "gestion/echanges/structures/<uuid:uuid>/lieux-mediation-numerique"
NETWORK = "gestion/echanges/reseaux/<uuid:uuid>/lieux-mediation-numerique"
urlpatterns: list[URLPattern | URLResolver] = [
    path("gestion/echanges/import-lieux/", views_import.place_import, name="place_import"),
    path("gestion/echanges/import-lieux/aide/", views_import.place_import_help, name="place_import_help"),
    path("gestion/echanges/import-lieux/<uuid:uuid>/", views_import.place_import_review, name="place_import_review"),
    path(
        "gestion/echanges/import-lieux/<uuid:uuid>/confirmer/",
        views_import.place_import_confirm,
        name="place_import_confirm",
    ),
    # Places out, in the national standard (public files, back-office exports).
    path("donnees/", views_open_data.index, name="open_data"),
    path(
        "donnees/lieux-mediation-numerique.csv", views_open_data.places_file, {"file_format": "csv"}, name="places_csv"
    ),
    path(
        "donnees/lieux-mediation-numerique.json",
        views_open_data.places_file,
        {"file_format": "json"},
        name="places_json",
    ),
    path("gestion/echanges/lieux/", views_export.exports, name="places_export"),
    path("gestion/echanges/lieux/a-completer/", views_export.incomplete_places, name="places_incomplete"),
    path(f"{STRUCTURE}.csv", views_export.structure_places, {"file_format": "csv"}, name="structure_places_csv"),
    path(f"{STRUCTURE}.json", views_export.structure_places, {"file_format": "json"}, name="structure_places_json"),
    path(f"{NETWORK}.csv", views_export.network_places, {"file_format": "csv"}, name="network_places_csv"),
    path(f"{NETWORK}.json", views_export.network_places, {"file_format": "json"}, name="network_places_json"),
    # data·inclusion v1 (public files).
    path(
        "donnees/data-inclusion/structures.json",
        views_datainclusion.structures,
        name="datainclusion_structures",
    ),
    path("donnees/data-inclusion/services.json", views_datainclusion.services, name="datainclusion_services"),
]
