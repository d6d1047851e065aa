"""Managers, coordinators and administrators must have a TOTP second factor before working."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/compte/",)


class RequireSecondFactorMiddleware:
    """Sends users whose role needs MFA to the TOTP set-up page until they have one.

    Only views that require login are guarded; public pages and the account pages stay reachable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if (
            not settings.MAILLAGE_REQUIRE_MFA
            or not user.is_authenticated
            or not getattr(view_func, "login_required", True)
            or request.path.startswith(EXEMPT_PREFIXES)
            or not user.needs_second_factor
        ):
            return None
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None
        return redirect("mfa_activate_totp")
