from django.urls import path

from maillage.rights import views, views_screening

app_name = "rights"
urlpatterns = [
    path("", views.right_list, name="list"),
    path("dossiers/<uuid:uuid>/nouveau/", views.right_create, name="create"),
    path("<uuid:uuid>/etape/<slug:stage>/", views.right_move, name="move"),
    path("<uuid:uuid>/rappel/", views.right_reminder, name="reminder"),
    path("dossiers/<uuid:uuid>/calcul/", views_screening.screening_create, name="screening_create"),
    path("calculs/<uuid:uuid>/", views_screening.screening_detail, name="screening_detail"),
]
