"""Verify a JWT signed by the provider (ProConnect's userinfo answer): signature, issuer, audience, dates."""

from __future__ import annotations

from typing import Any

import jwt

# ProConnect signs with the algorithm chosen for the client: RS256 or ES256 (both asymmetric, with
# the keys published at `jwks_uri`). HS256 and "none" are never accepted.
ALGORITHMS = ("RS256", "ES256")
# Seconds of clock difference admitted between ProConnect and us on `iat` and `exp`.
LEEWAY = 60


class UnverifiedToken(Exception):
    """The JWT is not one the provider signed for us, now."""


def verify(token: str, *, jwks: dict[str, Any], issuer: str, audience: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise UnverifiedToken(f"algorithme refusé : {algorithm!r}")
        keys = jwt.PyJWKSet.from_dict(jwks).keys
        kid = header.get("kid")
        matching = [key for key in keys if key.key_id == kid] if kid else keys
        if len(matching) != 1:
            raise UnverifiedToken(f"clé de signature inconnue : {kid!r}")
        return jwt.decode(
            token,
            matching[0].key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "aud"]},
        )
    except jwt.PyJWTError as error:
        raise UnverifiedToken(str(error)) from error
