from django.urls import path

from maillage.reports import views, views_exports, views_indicators, views_tokens

app_name = "reports"
urlpatterns = [
    path("", views.report_view, name="report"),
    path("graphique/<str:token>.svg", views.chart, name="chart"),
    path("exports/<uuid:uuid>/", views_exports.export, name="export"),
    path("exports/<uuid:uuid>/etat/", views_exports.export_status, name="export_status"),
    path("exports/<uuid:uuid>/fichier/", views_exports.export_file, name="export_file"),
    path("liens/", views.link_list, name="links"),
    path("liens/nouveau/", views.link_create, name="link_create"),
    path("liens/<uuid:uuid>/desactiver/", views.link_revoke, name="link_revoke"),
    path("partage/<str:token>/", views.shared_report, name="shared"),
    path("api/", views_tokens.token_list, name="tokens"),
    path("api/nouveau/", views_tokens.token_create, name="token_create"),
    path("api/<uuid:uuid>/revoquer/", views_tokens.token_revoke, name="token_revoke"),
    path("indicateurs/", views_indicators.indicators, name="indicators"),
]
