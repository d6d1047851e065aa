"""ProConnect's provider: allauth's OpenID Connect provider with ProConnect's authorisation request.

ProConnect requires a `state` and a `nonce` of 32 characters or more and refuses any parameter
outside its list (so no PKCE `code_challenge`); the nonce is checked against the ID token in
`maillage.accounts.proconnect.ProConnectAdapter.pre_social_login`.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import urlencode

from maillage.accounts.proconnect_config import PROVIDER_ID
from maillage.accounts.proconnect_provider.views import ProConnectOAuth2Adapter


def random_value() -> str:
    return secrets.token_urlsafe(32)  # 43 characters


class ProConnectProvider(OpenIDConnectProvider):
    id = PROVIDER_ID
    name = "ProConnect"
    oauth2_adapter_class = ProConnectOAuth2Adapter

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        url = reverse("proconnect_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("proconnect_callback")

    def get_oauth2_adapter(self, request: HttpRequest) -> ProConnectOAuth2Adapter:
        return ProConnectOAuth2Adapter(request)

    def get_pkce_params(self) -> dict[str, str]:
        return {}

    def redirect(
        self, request: HttpRequest, process: Any, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        nonce = random_value()
        auth_params = kwargs.pop("auth_params", None)
        auth_params = {**(self.get_auth_params() if auth_params is None else auth_params), "nonce": nonce}
        response: HttpResponse = super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
        return response

    def stash_redirect_state(
        self, request: HttpRequest, process: Any, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> str:
        kwargs["state_id"] = random_value()
        state_id: str = super().stash_redirect_state(request, process, next_url, data, **kwargs)
        return state_id


provider_classes = [ProConnectProvider]
