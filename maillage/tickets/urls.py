from django.urls import path

from maillage.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.place_choice, name="home"),
    path("lieux/<uuid:uuid>/", views.queue, name="queue"),
    path("lieux/<uuid:uuid>/ticket/", views.ticket_create, name="create"),
    path("lieux/<uuid:uuid>/suivant/", views.call_next, name="call_next"),
    path("lieux/<uuid:uuid>/ecran/nouveau-lien/", views.screen_renew, name="screen_renew"),
    path("tickets/<uuid:uuid>/reorienter/", views.ticket_redirect, name="redirect"),
    path("tickets/<uuid:uuid>/<slug:action>/", views.ticket_action, name="action"),
    path("ecran/<str:token>/", views.screen, name="screen"),
    path("ecran/<str:token>/numeros/", views.screen_numbers, name="screen_numbers"),
]
