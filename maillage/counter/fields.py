"""Encrypted model fields: the database only ever sees Fernet tokens."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from cryptography.fernet import MultiFernet
from django.conf import settings
from django.db import models

from maillage.lib import crypto


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return crypto.make_fernet(keys)


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reading it with a wrong key raises `DecryptionError`."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(fernet(), value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(fernet(), str(value))


class EncryptedDateField(models.DateField):
    """A date stored encrypted (ISO text in a text column); Python side it is a `datetime.date`."""

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> dt.date | None:
        if value is None or value == "":
            return None
        return dt.date.fromisoformat(crypto.decrypt(fernet(), value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        value = self.to_python(value)
        if value is None:
            return None
        return crypto.encrypt(fernet(), value.isoformat())
