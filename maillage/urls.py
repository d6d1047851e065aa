from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path


def _administrators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_superuser)


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]
admin.site.site_header = "Maillage — administration"
admin.site.site_title = "Maillage"

urlpatterns = [
    path("", include("maillage.directory.urls")),
    path("gestion/", include("maillage.network.urls")),
    path("accueil/", include("maillage.counter.urls")),
    path("compte/", include("maillage.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
