"""allauth's OpenID Connect views, with an adapter that reads ProConnect's signed userinfo."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from maillage.accounts.proconnect_config import PROVIDER_ID

UNVERIFIED = (
    "La réponse de ProConnect n'a pas pu être vérifiée (signature, émetteur ou date invalide) : "
    "la connexion est refusée. Réessayez, ou connectez-vous avec votre adresse e-mail et votre mot de passe."
)


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, PROVIDER_ID)

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        return str(build_absolute_uri(request, reverse("proconnect_callback"), self.redirect_uri_protocol))

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> SocialLogin:
        from maillage.accounts.proconnect import ID_TOKEN_SESSION_KEY, refuse  # MFA and JWT: loaded on use

        login: SocialLogin = super().complete_login(request, app, token, **kwargs)
        data = login.account.extra_data
        userinfo_sub, id_token_sub = data.get("userinfo", {}).get("sub"), data.get("id_token", {}).get("sub")
        if userinfo_sub and id_token_sub and userinfo_sub != id_token_sub:
            raise refuse(request, UNVERIFIED)  # OpenID Connect Core 5.3.2: both must name the same person
        request.session[ID_TOKEN_SESSION_KEY] = kwargs["response"].get("id_token", "")
        return login

    def _fetch_user_info(self, access_token: str) -> dict[str, Any]:
        """ProConnect answers a signed JWT (`application/jwt`); other providers answer JSON."""
        from maillage.accounts.proconnect import refuse  # MFA and JWT: loaded on use
        from maillage.accounts.proconnect_provider import signed

        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {access_token}"})
            response.raise_for_status()
            if response.headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/jwt":
                return dict(response.json())
            keys = session.get(self.openid_config["jwks_uri"])
            keys.raise_for_status()
        try:
            return signed.verify(
                response.text.strip(),
                jwks=keys.json(),
                issuer=self.openid_config["issuer"],
                audience=self.get_provider().app.client_id,
            )
        except signed.UnverifiedToken as error:
            raise refuse(self.request, UNVERIFIED) from error


@login_not_required
def login(request: HttpRequest) -> HttpResponse:
    try:
        return OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None  # ProConnect is off (PROCONNECT_ISSUER empty)


@login_not_required
def callback(request: HttpRequest) -> HttpResponse:
    try:
        return OAuth2CallbackView.adapter_view(ProConnectOAuth2Adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
