"""ProConnect login: who may come in through it, and when its own second factor counts (ADR 0008).

ProConnect never creates a role: a first login is linked to an existing account with the same
e-mail address, or to a pending invitation for it (the invitation then creates the account and its
membership, as accepting it by link does). Anything else is refused with a French page, and no
account is written. Addresses outside `PROCONNECT_ALLOWED_DOMAINS` are refused on every login.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.crypto import constant_time_compare

from maillage.accounts.models import Invitation, User
from maillage.accounts.proconnect_config import PROVIDER_ID

# The raw ID token of the session's ProConnect login, sent back as `id_token_hint` at logout.
ID_TOKEN_SESSION_KEY = "proconnect_id_token"  # noqa: S105 (a session key, not a secret)
# The record written in the session when ProConnect asserts a second factor (`amr` holds "mfa");
# `passed_second_factor` accepts it as it accepts allauth's own "mfa" record of a verified code.
PROVIDER_MFA_METHOD = "provider_mfa"


def _claims(sociallogin: SocialLogin) -> dict[str, Any]:
    data = sociallogin.account.extra_data or {}
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


def claimed_email(sociallogin: SocialLogin) -> str:
    return str(_claims(sociallogin).get("email") or "").strip().lower()


def asserted_mfa(sociallogin: SocialLogin) -> list[str] | None:
    """ProConnect's `amr` when it says a second factor was used for this login, else None."""
    if sociallogin.account.provider != PROVIDER_ID:
        return None
    amr = (sociallogin.account.extra_data or {}).get("id_token", {}).get("amr") or []
    return list(amr) if isinstance(amr, list) and "mfa" in amr else None


def refuse(request: HttpRequest, reason: str) -> ImmediateHttpResponse:
    """The French refusal page; nothing of this login is kept in the session."""
    request.session.pop(ID_TOKEN_SESSION_KEY, None)
    return ImmediateHttpResponse(render(request, "accounts/proconnect_refused.html", {"reason": reason}, status=403))


class ProConnectAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # accounts come from invitations, linked in `pre_social_login`

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        nonce = (sociallogin.account.extra_data or {}).get("id_token", {}).get("nonce")
        if not nonce or not constant_time_compare(nonce, sociallogin.state.get("nonce") or ""):
            raise refuse(request, "La réponse de ProConnect ne correspond pas à cette demande de connexion. Réessayez.")
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            raise refuse(request, "ProConnect sert à se connecter : il ne s'ajoute pas à un compte ouvert.")
        email = claimed_email(sociallogin)
        domain = email.rpartition("@")[2]
        if not email or domain not in settings.PROCONNECT_ALLOWED_DOMAINS:
            raise refuse(
                request,
                f"L'adresse « {email or 'inconnue'} » n'appartient pas à un domaine admis pour la connexion "
                "ProConnect sur ce site. Connectez-vous avec votre adresse e-mail et votre mot de passe.",
            )
        if sociallogin.is_existing:
            return
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            sociallogin.connect(request, user)
            return
        invitations = list(Invitation.objects.pending().filter(email__iexact=email).select_related("structure"))
        if not invitations:
            raise refuse(
                request,
                f"Aucune invitation en attente ni aucun compte pour l'adresse « {email} ». "
                "Demandez à la personne responsable de votre structure de vous inviter.",
            )
        claims = _claims(sociallogin)
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                None,  # no password: this account signs in through ProConnect
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("usual_name") or claims.get("family_name") or "")[:150],
            )
            for invitation in invitations:
                invitation.accept(user)
            sociallogin.user = user
            sociallogin.save(request, connect=True)


class ProviderAwareAuthenticateStage(AuthenticateStage):
    """allauth's code step, skipped only when ProConnect asserts that this login used a second factor."""

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        amr = asserted_mfa(sociallogin) if isinstance(sociallogin, SocialLogin) else None
        if amr is not None and self.login.user is not None:
            record_authentication(request, self.login.user, PROVIDER_MFA_METHOD, provider=PROVIDER_ID, amr=amr)
            return False
        return super()._should_handle(request)
