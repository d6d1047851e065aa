from django.urls import path

from maillage.accounts import views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # allauth's pages to add or remove a third-party login on an open account: ProConnect is linked
    # at first login only (maillage/accounts/proconnect.py), never from these pages.
    path("3rdparty/", views.not_offered),
    path("3rdparty/signup/", views.not_offered),
]
