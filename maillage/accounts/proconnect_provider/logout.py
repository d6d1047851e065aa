"""Logging out of ProConnect too: ProConnect asks its services to send the agent to its
`end_session_endpoint` (with the ID token as `id_token_hint`, a `state` and our
`post_logout_redirect_uri`), which ends the agent's session there and sends them back to us.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.models import SocialApp
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from requests import RequestException

from maillage.accounts.proconnect import ID_TOKEN_SESSION_KEY
from maillage.accounts.proconnect_config import PROVIDER_ID
from maillage.accounts.proconnect_provider.provider import random_value
from maillage.accounts.proconnect_provider.views import ProConnectOAuth2Adapter

STATE_SALT = "maillage.proconnect.logout"
STATE_MAX_AGE = 15 * 60  # seconds between leaving for ProConnect's logout and coming back


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send an agent who logged in through ProConnect in this session; None otherwise."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    records = get_authentication_records(request, request.user) if request.user.is_authenticated else []
    if not id_token or not any(
        r.get("method") == "socialaccount" and r.get("provider") == PROVIDER_ID for r in records
    ):
        return None
    try:
        endpoint = ProConnectOAuth2Adapter(request).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, RequestException, ValueError):
        return None  # ProConnect is off or unreachable: we still log the agent out here
    if not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "state": signing.dumps(random_value(), salt=STATE_SALT),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:proconnect_logged_out")),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def state_is_ours(state: str) -> bool:
    try:
        signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        return False
    return True
