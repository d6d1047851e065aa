"""The window of dates any form accepts, so that no typed date can overflow a computation or the database.

Every date and date-time field of a form built on `StyledFormMixin` gets `DateWindowValidator`: nothing
before 1 January 1900 (the oldest birth dates of living people; all other dates of the platform are
much later) nor after 31 December 2100 (agreements and mandates end within a few years). Narrower
rules stay with their models: a request is not in the future nor before its structure joined the
platform (`Request.clean`), a birth date is not in the future (`Person.clean`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@deconstructible
class DateWindowValidator:
    message = "La date doit être comprise entre le 01/01/1900 et le 31/12/2100."

    def __call__(self, value: Any) -> None:
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, dt.date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(self.message, code="date_window")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateWindowValidator)

    def __hash__(self) -> int:
        return hash(DateWindowValidator)


def bound_dates(fields: dict[str, forms.Field]) -> None:
    """Add the date window to every date and date-time field of one form instance (its own field copies)."""
    for field in fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField) and not any(
            isinstance(validator, DateWindowValidator) for validator in field.validators
        ):
            field.validators.append(DateWindowValidator())
