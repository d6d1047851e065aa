from django.urls import path

from maillage.people import views, views_changes

app_name = "people"
urlpatterns = [
    path("", views.team, name="team"),
    path("moi/", views.my_profile, name="mine"),
    path("moi/proposer/<str:kind>/", views.propose, name="propose"),
    path("moi/<str:kind>/<int:pk>/modifier/", views_changes.propose_change, name="propose_change"),
    path("moi/<str:kind>/<int:pk>/supprimer/", views_changes.propose_removal, name="propose_removal"),
    path("propositions/", views.proposals, name="proposals"),
    path("propositions/<uuid:uuid>/", views.proposal_review, name="review"),
    path("<uuid:uuid>/", views.member_profile, name="member"),
    path("<uuid:uuid>/<str:kind>/ajouter/", views.entry_add, name="add"),
    path("<uuid:uuid>/<str:kind>/<int:pk>/modifier/", views.entry_edit, name="edit"),
    path("<uuid:uuid>/<str:kind>/<int:pk>/supprimer/", views.entry_delete, name="delete"),
]
