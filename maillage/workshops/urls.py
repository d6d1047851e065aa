from django.urls import path

from maillage.workshops import views, views_checks

app_name = "workshops"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("nouveau/", views.session_create, name="create"),
    path("<uuid:uuid>/", views.session_detail, name="detail"),
    path("<uuid:uuid>/modifier/", views.session_edit, name="edit"),
    path("<uuid:uuid>/inscrire/", views.session_register, name="register"),
    path("<uuid:uuid>/annuler/", views.session_cancel, name="cancel"),
    path("<uuid:uuid>/appel/", views.roll_call, name="roll_call"),
    path("inscriptions/<uuid:uuid>/annuler/", views.registration_cancel, name="registration_cancel"),
    path("diagnostic/", views_checks.check_create, name="check_create"),
    path("diagnostic/<uuid:uuid>/", views_checks.check_detail, name="check_detail"),
    path("diagnostic/<uuid:uuid>/inscrire/<uuid:session_uuid>/", views_checks.check_register, name="check_register"),
]
