from django.urls import path

from maillage.socialvalue import views

app_name = "socialvalue"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("<uuid:uuid>/", views.parameters, name="parameters"),
    path("<uuid:uuid>/partenaire/", views.partner_parameters, name="partner"),
    path("<uuid:uuid>/guichets/", views.counters_import, name="counters"),
]
