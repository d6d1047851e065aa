"""ProConnect's configuration, read by `maillage/settings.py` (no Django import: settings are not ready yet)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from maillage.env import ConfigurationError

PROVIDER_ID = "proconnect"
DEFAULT_SCOPES = "openid email given_name usual_name"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_issuer(issuer: str) -> str:
    """The issuer's address without a trailing slash: https, or http on this machine only (tests)."""
    parts = urlsplit(issuer)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if not parts.netloc or not (parts.scheme == "https" or local):
        raise ConfigurationError(
            f"PROCONNECT_ISSUER={issuer!r} : adresse https attendue (http n'est admis que pour localhost)."
        )
    return issuer.rstrip("/")


def providers(*, issuer: str, client_id: str, secret: str, scopes: list[str]) -> dict[str, Any]:
    """`SOCIALACCOUNT_PROVIDERS` for `maillage.accounts.proconnect_provider`; empty when ProConnect is off."""
    if not issuer:
        return {}
    issuer = check_issuer(issuer)
    if not client_id or not secret:
        raise ConfigurationError(
            "PROCONNECT_CLIENT_ID et PROCONNECT_CLIENT_SECRET sont obligatoires quand PROCONNECT_ISSUER est défini."
        )
    if "openid" not in scopes:
        raise ConfigurationError(f"PROCONNECT_SCOPES={' '.join(scopes)!r} : le scope « openid » est obligatoire.")
    app = {
        "name": "ProConnect",
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "scope": scopes,
            # ProConnect returns `amr` (and `acr`) in the ID token only when asked for it.
            "auth_params": {"claims": '{"id_token": {"amr": {"essential": true}, "acr": null}}'},
        },
    }
    return {PROVIDER_ID: {"APPS": [app]}}


def origins(issuer: str) -> list[str]:
    """The provider's origin, where the login button's form is redirected (CSP `form-action`)."""
    if not issuer:
        return []
    parts = urlsplit(check_issuer(issuer))
    return [f"{parts.scheme}://{parts.netloc}"]
