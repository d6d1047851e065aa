"""Public open-data files under /donnees/ and the back-office import/export pages under /gestion/echanges/."""

from django.urls import URLPattern, URLResolver

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = []
