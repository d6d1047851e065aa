from django.urls import path

from maillage.surveys import views_public

app_name = "surveys"
urlpatterns = [
    path("r/<slug:public_key>/", views_public.answer, name="answer"),
    path("r/<slug:public_key>/merci/", views_public.thanks, name="thanks"),
]
