from django.urls import path

from maillage.vouchers import views, views_claims

app_name = "vouchers"
urlpatterns = [
    path("", views.voucher_list, name="list"),
    path("series/", views.series_list, name="series_list"),
    path("series/nouvelle/", views.series_create, name="series_create"),
    path("emettre/", views.voucher_issue, name="issue"),
    path("dossiers/<uuid:uuid>/emettre/", views.voucher_issue, name="issue_for_person"),
    path("utiliser/", views.voucher_redeem, name="redeem"),
    path("<uuid:uuid>/", views.voucher_detail, name="detail"),
    path("<uuid:uuid>/annuler/", views.voucher_cancel, name="cancel"),
    path("grand-livre/", views_claims.ledger_view, name="ledger"),
    path("a-rembourser/", views_claims.unpaid_list, name="unpaid"),
    path("remboursements/", views_claims.claim_list, name="claims"),
    path("remboursements/<uuid:uuid>/", views_claims.claim_detail, name="claim_detail"),
    path("remboursements/<uuid:uuid>/fichier.<slug:fmt>", views_claims.claim_file, name="claim_file"),
    path("remboursements/<uuid:uuid>/envoyee/", views_claims.claim_sent, name="claim_sent"),
    path("remboursements/<uuid:uuid>/payee/", views_claims.claim_paid, name="claim_paid"),
]
