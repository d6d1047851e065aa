from django.urls import path

from maillage.accounts.proconnect_provider import views

# The paths allauth's generic OpenID Connect provider gave ProConnect: the redirect URI registered
# with ProConnect (`/compte/oidc/proconnect/login/callback/`) stays the same.
urlpatterns = [
    path("oidc/proconnect/login/", views.login, name="proconnect_login"),
    path("oidc/proconnect/login/callback/", views.callback, name="proconnect_callback"),
]
