from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from maillage.accounts.views import admin_login


def _administrators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_superuser)


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign]  # one login path: the site's, with its second factor
admin.site.site_header = "Maillage — administration"
admin.site.site_title = "Maillage"


urlpatterns = [
    path("api/v1/", include("maillage.api_urls", namespace="api")),  # public, built on first call
    path("", include("maillage.exchange.urls")),
    path("", include("maillage.directory.urls")),
    path("gestion/", include("maillage.network.urls")),
    path("accueil/", include("maillage.counter.urls")),
    path("orientations/", include("maillage.referrals.urls")),
    path("droits/", include("maillage.rights.urls")),
    path("bons/", include("maillage.vouchers.urls")),
    path("guichet/", include("maillage.tickets.urls")),
    path("territoire/", include("maillage.territory.urls")),
    path("pilotage/", include("maillage.reports.urls")),
    path("enquetes/", include("maillage.surveys.urls")),
    path("ateliers/", include("maillage.workshops.urls")),
    path("aller-vers/", include("maillage.outreach.urls")),
    path("valeur-sociale/", include("maillage.socialvalue.urls")),
    path("equipe/", include("maillage.people.urls")),
    path("fiches/", include("maillage.sheets.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("", include("maillage.sitepages.urls")),
    path("admin/", admin.site.urls),
]

# French error pages (JSON under /api/); the 500 page needs neither the database nor the session.
handler400 = "maillage.errors.bad_request"
handler403 = "maillage.errors.permission_denied"
handler404 = "maillage.errors.page_not_found"
handler500 = "maillage.errors.server_error"
handler429 = "maillage.errors.too_many_requests"  # read by django-allauth's rate limits
