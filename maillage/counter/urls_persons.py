"""Person files, follow-ups and mandates (included in the counter namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
