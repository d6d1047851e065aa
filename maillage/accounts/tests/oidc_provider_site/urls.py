from django.contrib.auth.views import LoginView
from django.urls import include, path

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("oidc/", include("oidc_provider.urls", namespace="oidc_provider")),
]
