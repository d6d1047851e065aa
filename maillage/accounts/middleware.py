"""Managers, coordinators and administrators pass a TOTP second factor in every session before working."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

EXEMPT_PREFIXES = ("/compte/",)
# The only pages a session that has not passed its second factor may reach: the step itself and the exit.
SECOND_FACTOR_STEP_URL_NAMES = frozenset({"mfa_reauthenticate", "account_logout"})
# Session records that prove a second factor: allauth's verified code, or ProConnect's asserted MFA.
SECOND_FACTOR_METHODS = frozenset({"mfa", "provider_mfa"})


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether allauth recorded a verified authenticator code (TOTP or recovery code) in this session.

    allauth writes an "mfa" record when a code is checked against a stored authenticator: at the
    login's second-factor stage and on its "confirm access" page (`mfa_reauthenticate`). It writes
    none when a device is set up: activating TOTP only proves that whoever holds this password-only
    session also holds the new device, so we follow allauth and do not count it; the user confirms
    one code on the next guarded page instead. A session created outside allauth (the Django admin
    form, `django.contrib.auth.login`) has no record at all. A ProConnect login whose `amr` says a
    second factor was used writes its own record at allauth's code stage (ADR 0008).
    """
    records = get_authentication_records(request, request.user)
    return any(record.get("method") in SECOND_FACTOR_METHODS for record in records)


def _to_second_factor_step(request: HttpRequest) -> HttpResponse:
    url = f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class RequireSecondFactorMiddleware:
    """The safety net behind every login path, whatever created the session.

    - A user whose role needs MFA and who has a TOTP device reaches nothing (public pages, account
      pages, admin, downloads, htmx partials included) until this session has passed the second
      factor; they are sent to allauth's code step, or may log out.
    - A user whose role needs MFA and who has no device yet is sent to set it up; public pages and
      the account pages stay reachable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not settings.MAILLAGE_REQUIRE_MFA or not user.is_authenticated or not user.needs_second_factor:
            return None
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            match = request.resolver_match
            if passed_second_factor(request) or (match is not None and match.url_name in SECOND_FACTOR_STEP_URL_NAMES):
                return None
            return _to_second_factor_step(request)
        if passed_second_factor(request):  # asserted by ProConnect: no device of ours to set up
            return None
        if not getattr(view_func, "login_required", True) or request.path.startswith(EXEMPT_PREFIXES):
            return None
        return redirect("mfa_activate_totp")
