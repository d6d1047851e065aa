"""The project's URLs plus the hours preview, until `network/urls.py` declares it."""

from django.urls import include, path
from django.urls.resolvers import URLResolver

from maillage import urls as project_urls
from maillage.network import urls as network_urls
from maillage.network import views_hours

network_patterns = [
    *network_urls.urlpatterns,
    path("horaires/apercu/", views_hours.hours_preview, name="hours_preview"),
]
urlpatterns = [
    path("gestion/", include((network_patterns, "network"))),
    *(p for p in project_urls.urlpatterns if not (isinstance(p, URLResolver) and p.namespace == "network")),
]
