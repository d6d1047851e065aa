"""French identifiers of legal entities: SIRET, SIREN and RNA numbers."""

from __future__ import annotations

import re

RNA_PATTERN = re.compile(r"^W\d{9}$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def pivot_error(value: str) -> str | None:
    """Return a French error message when `value` is neither a valid SIRET nor RNA, else None."""
    value = value.strip().upper()
    if value.startswith("W"):
        if RNA_PATTERN.match(value):
            return None
        return "Le numéro RNA doit être la lettre W suivie de 9 chiffres (ex. W691234567)."
    if not value.isdigit():
        return "Le SIRET ne doit contenir que des chiffres (ou saisissez un numéro RNA commençant par W)."
    if len(value) != 14:
        return f"Le SIRET doit comporter 14 chiffres ({len(value)} saisis)."
    # La Poste's establishments share SIREN 356000000 and follow another checksum rule.
    if value.startswith("356000000"):
        return None if sum(int(c) for c in value) % 5 == 0 else "Ce SIRET de La Poste n'est pas valide."
    if not luhn_ok(value):
        return "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."
    return None


def normalise_pivot(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()
