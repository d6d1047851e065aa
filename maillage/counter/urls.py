from django.urls import path

from maillage.counter import urls_persons, views

app_name = "counter"
urlpatterns = [
    path("", views.counter, name="counter"),
    path("demandes/<uuid:uuid>/modifier/", views.request_edit, name="request_edit"),
    path("demandes/<uuid:uuid>/supprimer/", views.request_delete, name="request_delete"),
    path("demandes/<uuid:uuid>/annuler/", views.request_undo, name="request_undo"),
    path("raccourcis/", views.shortcut_settings, name="shortcut_settings"),
    path("communes/", views.commune_suggestions, name="commune_suggestions"),
    *urls_persons.urlpatterns,
]
