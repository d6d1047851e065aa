"""Field encryption (MultiFernet, keys from the environment) and the HMAC blind index."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cryptography loads on first use: settings import this module (new_key) at every start
    from cryptography.fernet import MultiFernet


class DecryptionError(RuntimeError):
    """A stored value cannot be read with the configured keys: never shown as ciphertext."""


def make_fernet(keys: Sequence[str]) -> MultiFernet:
    from cryptography.fernet import Fernet, MultiFernet

    if not keys:
        raise ValueError("Au moins une clé de chiffrement est nécessaire.")
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def encrypt(fernet: MultiFernet, value: str) -> str:
    return fernet.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(fernet: MultiFernet, token: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("Donnée chiffrée illisible avec les clés configurées (FIELD_ENCRYPTION_KEYS).") from exc


def rotate(fernet: MultiFernet, token: str) -> str:
    """Re-encrypt a token with the primary (first) key."""
    from cryptography.fernet import InvalidToken

    try:
        return fernet.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("Donnée chiffrée illisible : rotation impossible.") from exc


def blind_index(key: str, *parts: str) -> str:
    """Deterministic HMAC-SHA256 of normalised parts, to find a record without decrypting."""
    message = "\x1f".join(parts).encode("utf-8")
    digest = hmac.new(key.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def new_key() -> str:
    """A Fernet key (what `Fernet.generate_key()` returns: 32 random bytes, URL-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
