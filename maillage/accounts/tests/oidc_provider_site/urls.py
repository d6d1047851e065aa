from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path

from maillage.accounts.tests.oidc_provider_site import views

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    # ProConnect's authorisation parameters and signed userinfo, in front of django-oidc-provider's own.
    re_path(r"^oidc/authorize/?$", views.authorize),
    re_path(r"^oidc/userinfo/?$", views.userinfo),
    path("oidc/", include("oidc_provider.urls", namespace="oidc_provider")),
]
