"""Contact details typed in the back office: e-mail addresses and telephone numbers that are really ones.

Places keep several e-mails in one text ("a@x.fr, b@y.fr") and phones in the international form the
public directory publishes (+33...); person files and referrals keep what the person gave, checked the
same way. Declared on the forms (not as model validators) so that imports keep their own row reports.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import validate_email

from maillage.lib.phone import international_phone

FOREIGN_PHONE = re.compile(r"\+[1-9]\d{7,14}")  # E.164: a person may give a number from abroad


class EmailListField(forms.CharField):
    """One or several e-mail addresses separated by commas; stored as "a@x.fr, b@y.fr"."""

    def clean(self, value: Any) -> str:
        text = super().clean(value) or ""
        addresses = [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"« {address} » n'est pas une adresse de courriel valide.") from None
        return ", ".join(addresses)


class PhoneField(forms.CharField):
    """A French number in any usual writing (stored as +33...), or an international one starting with +."""

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip()
        if not text:
            return ""
        french = international_phone(text)
        if french:
            return french
        compact = re.sub(r"[\s.\-()]", "", text)
        if FOREIGN_PHONE.fullmatch(compact):
            return compact
        raise forms.ValidationError(
            f"« {text} » n'est pas un numéro de téléphone valide (ex. 04 78 00 00 00 ou +33478000000)."
        )
