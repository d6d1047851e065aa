from django.urls import path

from maillage.accounts import views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # ProConnect's `post_logout_redirect_uri` (to register with ProConnect next to the redirect URI).
    path("proconnect/deconnexion/", views.proconnect_logged_out, name="proconnect_logged_out"),
    # allauth's pages to add or remove a third-party login on an open account: ProConnect is linked
    # at first login only (maillage/accounts/proconnect.py), never from these pages.
    path("3rdparty/", views.not_offered),
    path("3rdparty/signup/", views.not_offered),
]
