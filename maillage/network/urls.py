from django.urls import path

from maillage.network import views, views_hours

app_name = "network"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("structures/<uuid:uuid>/", views.structure_detail, name="structure"),
    path("structures/<uuid:uuid>/modifier/", views.structure_edit, name="structure_edit"),
    path("structures/<uuid:uuid>/lieux/nouveau/", views.place_create, name="place_create"),
    path("structures/<uuid:uuid>/communes/", views.commune_suggestions, name="commune_suggestions"),
    path("structures/<uuid:uuid>/conventions/nouvelle/", views.agreement_create, name="agreement_create"),
    path("structures/<uuid:uuid>/equipe/inviter/", views.staff_invite, name="staff_invite"),
    path("lieux/<uuid:uuid>/", views.place_edit, name="place_edit"),
    path("lieux/<uuid:uuid>/supprimer/", views.place_delete, name="place_delete"),
    path("lieux/<uuid:uuid>/confirmer/", views.place_confirm, name="place_confirm"),
    path("conventions/<uuid:uuid>/", views.agreement_edit, name="agreement_edit"),
    path("conventions/<uuid:uuid>/supprimer/", views.agreement_delete, name="agreement_delete"),
    path("invitations/<uuid:uuid>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("rattachements/<int:pk>/retirer/", views.membership_remove, name="membership_remove"),
    path("horaires/apercu/", views_hours.hours_preview, name="hours_preview"),
    path("partenaires/", views.partner_list, name="partners"),
    path("partenaires/nouveau/", views.partner_edit, name="partner_create"),
    path("partenaires/<slug:code>/", views.partner_edit, name="partner_edit"),
]
