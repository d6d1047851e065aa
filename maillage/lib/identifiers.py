"""French identifiers of legal entities: SIRET, SIREN and RNA numbers.

The checksums are python-stdnum's (`stdnum.fr.siret`, `stdnum.fr.siren`): a SIRET is valid only
when its own key and its SIREN's key are both right, and La Poste's establishments (SIREN
356000000) follow the sum-of-digits rule INSEE documents instead of Luhn.
"""

from __future__ import annotations

import re

RNA_PATTERN = re.compile(r"^W\d{9}$")


def siret_error(value: str) -> str | None:
    """Return a French error message when `value` (digits only) is not a valid SIRET, else None."""
    from stdnum.fr import siren, siret  # on use: the models import this module at every start

    if not value.isdigit():
        return "Le SIRET ne doit contenir que des chiffres (ou saisissez un numéro RNA commençant par W)."
    if len(value) != 14:
        return f"Le SIRET doit comporter 14 chiffres ({len(value)} saisis)."
    if siret.is_valid(value):
        return None
    if not siren.is_valid(value[:9]):
        return "Ce SIRET n'est pas valide : la clé de contrôle de son SIREN (9 premiers chiffres) est incorrecte."
    if value.startswith("356000000"):
        return "Ce SIRET de La Poste n'est pas valide (clé de contrôle incorrecte)."
    return "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."


def pivot_error(value: str) -> str | None:
    """Return a French error message when `value` is neither a valid SIRET nor RNA, else None."""
    value = value.strip().upper()
    if value.startswith("W"):
        if RNA_PATTERN.match(value):
            return None
        return "Le numéro RNA doit être la lettre W suivie de 9 chiffres (ex. W691234567)."
    return siret_error(value)


def normalise_pivot(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()
