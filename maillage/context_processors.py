from typing import Any

from django.conf import settings
from django.http import HttpRequest


def theme(request: HttpRequest) -> dict[str, Any]:
    """The swappable theme layer: every page extends `base.html`, which extends the theme's base."""
    return {
        "theme_base": f"themes/{settings.MAILLAGE_THEME}/base.html",
        "MAILLAGE_THEME": settings.MAILLAGE_THEME,
    }
