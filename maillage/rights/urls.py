from django.urls import path

from maillage.rights import views

app_name = "rights"
urlpatterns = [
    path("", views.right_list, name="list"),
    path("dossiers/<uuid:uuid>/nouveau/", views.right_create, name="create"),
    path("<uuid:uuid>/etape/<slug:stage>/", views.right_move, name="move"),
    path("<uuid:uuid>/rappel/", views.right_reminder, name="reminder"),
]
