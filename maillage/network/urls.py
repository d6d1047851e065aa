from django.urls import path

from maillage.network import views

app_name = "network"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
