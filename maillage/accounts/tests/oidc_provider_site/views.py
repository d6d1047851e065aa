"""Where the test provider answers as ProConnect does, not as django-oidc-provider does by default.

- The authorisation endpoint takes only ProConnect's parameters, with a `state` and a `nonce` of
  32 characters or more; anything else is refused (ProConnect answers `Y000400`).
- The userinfo endpoint answers a JWT signed with the provider's key (`application/jwt`), except for
  users of the group `json_userinfo` (plain JSON, as many providers answer) and of the group
  `forged_userinfo` (a JWT signed with another key under the provider's `kid`: a forgery).
"""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oidc_provider import views as oidc_views
from oidc_provider.lib.utils.common import get_issuer
from oidc_provider.lib.utils.oauth2 import protected_resource_view
from oidc_provider.lib.utils.token import get_client_alg_keys

JSON_GROUP = "json_userinfo"
FORGED_GROUP = "forged_userinfo"
AUTHORIZE_PARAMETERS = {
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "claims",
    "state",
    "nonce",
    "prompt",
    "idp_hint",
    "acr_values",
}


def authorize(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    if request.method == "GET":
        unknown = sorted(set(request.GET) - AUTHORIZE_PARAMETERS)
        short = [name for name in ("state", "nonce") if len(request.GET.get(name, "")) < 32]
        if unknown or short:
            return HttpResponseBadRequest(f"Y000400 Bad Request Exception: {unknown or short}")
    return oidc_views.AuthorizeView.as_view()(request, *args, **kwargs)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@protected_resource_view(["openid"])
def userinfo(request: HttpRequest, *args: Any, token: Any, **kwargs: Any) -> HttpResponse:
    answer = oidc_views.userinfo(request)  # the claims as JSON, checked against the same access token
    groups = set(token.user.groups.values_list("name", flat=True))
    if answer.status_code != 200 or JSON_GROUP in groups:
        return answer
    now = int(time.time())
    claims = {
        **json.loads(answer.content),
        "iss": get_issuer(request=request),
        "aud": token.client.client_id,
        "iat": now,
        "exp": now + 60,
    }
    key = get_client_alg_keys(token.client)[0]
    signing_key = key["key"]
    if FORGED_GROUP in groups:
        signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    body = jwt.encode(claims, signing_key, algorithm="RS256", headers={"kid": key["kid"]})
    response = HttpResponse(body, content_type="application/jwt")
    response["Cache-Control"] = "no-store"
    return response
