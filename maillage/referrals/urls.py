from django.urls import path

from maillage.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("chaine/", views.chain_view, name="chain"),
    path("chaine.svg", views.chain_svg_view, name="chain_svg"),
    path("nouvelle/", views.referral_create, name="create"),
    path("lieux/", views.place_options, name="place_options"),
    path("<uuid:uuid>/", views.referral_detail, name="detail"),
    path("reponse/<str:token>/", views.answer_by_link, name="answer"),
    path("reponse/<str:token>/pieces/<int:pk>/", views.attachment_by_link, name="attachment_by_link"),
    path("<uuid:uuid>/pieces/<int:pk>/", views.attachment_download, name="attachment"),
]
