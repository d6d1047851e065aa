"""What file imports share: a rejected row (line, column, reason), and the check of the text a row
would store against what the database accepts, made before the database sees it.

PostgreSQL refuses a NUL character in text (and would roll back the rows written with it) and a
value longer than its column; SQLite stores both silently. Checking the values against the model's
fields gives the same answer on both engines, for every text field, without a list to maintain.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models

NUL_REASON = "caractère nul (octet 0) interdit."


@dataclass(frozen=True, order=True)
class Rejection:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"ligne {self.line}, colonne {self.column}" if self.column else f"ligne {self.line}"
        return f"{where} : {self.reason}"


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON-like value (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


@cache
def _text_fields(model: type[models.Model]) -> dict[str, models.Field]:
    kinds = models.CharField | models.TextField | models.JSONField
    return {field.attname: field for field in model._meta.concrete_fields if isinstance(field, kinds)}


def stored_text_errors(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, str]:
    """{field: French reason} for each of `values` (by field attname) that `model`'s table would refuse
    or keep wrong: a NUL character anywhere (text and JSON fields), more characters than `max_length`."""
    errors: dict[str, str] = {}
    fields = _text_fields(model)
    for name, value in values.items():
        field = fields.get(name)
        if field is None:
            continue
        if any("\x00" in text for text in _strings(value)):
            errors[name] = NUL_REASON
        elif (
            isinstance(field, models.CharField)
            and isinstance(value, str)
            and len(value) > (field.max_length or len(value))
        ):
            errors[name] = f"{len(value)} caractères, {field.max_length} au plus."
    return errors
