from django.urls import path

from maillage.surveys import views, views_public

app_name = "surveys"
urlpatterns = [
    path("structures/<uuid:uuid>/", views.survey_list, name="list"),
    path("structures/<uuid:uuid>/nouveau/", views.survey_create, name="create"),
    path("<uuid:uuid>/modifier/", views.survey_edit, name="edit"),
    path("<uuid:uuid>/fermer/", views.survey_deactivate, name="deactivate"),
    path("<uuid:uuid>/ouvrir/", views.survey_activate, name="activate"),
    path("<uuid:uuid>/nouveau-lien/", views.survey_regenerate_key, name="regenerate_key"),
    path("<uuid:uuid>/affiche/", views.survey_poster, name="poster"),
    path("<uuid:uuid>/qr.svg", views.survey_qr_svg, name="qr_svg"),
    path("<uuid:uuid>/resultats/", views.survey_results_view, name="results"),
    path("r/<slug:public_key>/", views_public.answer, name="answer"),
    path("r/<slug:public_key>/merci/", views_public.thanks, name="thanks"),
]
