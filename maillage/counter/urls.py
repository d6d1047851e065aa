from django.urls import path

from maillage.counter import urls_persons, views

app_name = "counter"
urlpatterns = [
    path("", views.counter, name="counter"),
    *urls_persons.urlpatterns,
]
