"""Field encryption (MultiFernet, keys from the environment) and the HMAC blind index."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DecryptionError(RuntimeError):
    """A stored value cannot be read with the configured keys: never shown as ciphertext."""


def make_fernet(keys: Sequence[str]) -> MultiFernet:
    if not keys:
        raise ValueError("Au moins une clé de chiffrement est nécessaire.")
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def encrypt(fernet: MultiFernet, value: str) -> str:
    return fernet.encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(fernet: MultiFernet, token: str) -> str:
    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("Donnée chiffrée illisible avec les clés configurées (FIELD_ENCRYPTION_KEYS).") from exc


def rotate(fernet: MultiFernet, token: str) -> str:
    """Re-encrypt a token with the primary (first) key."""
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
    return Fernet.generate_key().decode("ascii")
