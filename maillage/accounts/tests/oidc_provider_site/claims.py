"""What the test provider says about a user, shaped like ProConnect's answers."""

from __future__ import annotations

from typing import Any

from oidc_provider.lib.claims import ScopeClaims

MFA_GROUP = "mfa"  # users of this group "logged in with a second factor": `amr` then holds "mfa"


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["given_name"] = user.first_name
    return claims


class ProConnectScopeClaims(ScopeClaims):
    def scope_given_name(self) -> dict[str, str]:
        return {"given_name": self.user.first_name}

    def scope_usual_name(self) -> dict[str, str]:
        return {"usual_name": self.user.last_name}


def add_amr(id_token: dict[str, Any], user: Any, **kwargs: Any) -> dict[str, Any]:
    with_mfa = user.groups.filter(name=MFA_GROUP).exists()
    id_token["amr"] = ["pwd", "mfa"] if with_mfa else ["pwd"]
    return id_token
