"""Public open-data files under /donnees/ and the back-office import/export pages under /gestion/echanges/."""

from django.urls import URLPattern, URLResolver, path

from maillage.exchange import views_datainclusion

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "donnees/data-inclusion/structures.json",
        views_datainclusion.structures,
        name="datainclusion_structures",
    ),
    path("donnees/data-inclusion/services.json", views_datainclusion.services, name="datainclusion_services"),
]
