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


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted as ISO text; Python side it is a `datetime.date`."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return dt.date.fromisoformat(text) if text else None

    def to_python(self, value: Any) -> Any:
        if value is None or value == "" or isinstance(value, dt.date):
            return value or None
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.DateField(
            required=not self.blank,
            label=self.verbose_name[:1].upper() + self.verbose_name[1:],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
