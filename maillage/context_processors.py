from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def theme(request: HttpRequest) -> dict[str, Any]:
    """The swappable theme layer: every page extends `base.html`, which extends the theme's base."""
    return {
        "theme_base": f"themes/{settings.MAILLAGE_THEME}/base.html",
        "MAILLAGE_THEME": settings.MAILLAGE_THEME,
    }


def menu(request: HttpRequest) -> dict[str, Any]:
    """The site menu, built only when a page shows it (a page without a request user gets the public one)."""
    from maillage.navigation import menu_for
    from maillage.sitepages.views import footer_pages

    def build() -> Any:
        match = getattr(request, "resolver_match", None)
        return menu_for(getattr(request, "user", None), current=match.view_name if match else "")

    return {"menu": SimpleLazyObject(build), "footer_pages": SimpleLazyObject(footer_pages)}
