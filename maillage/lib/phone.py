"""French telephone numbers written in international form (+33...)."""

from __future__ import annotations

import re

# Overseas numbers keep the national 10-digit form but have their own country codes (ARCEP plan).
OVERSEAS_PREFIXES: dict[str, str] = {
    "0590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "0690": "590",
    "0691": "590",
    "0594": "594",  # Guyane
    "0694": "594",
    "0596": "596",  # Martinique
    "0696": "596",
    "0697": "596",
    "0262": "262",  # La Réunion
    "0263": "262",
    "0692": "262",
    "0693": "262",
    "0269": "262",  # Mayotte
    "0639": "262",
    "0508": "508",  # Saint-Pierre-et-Miquelon
}


def international_phone(value: str) -> str | None:
    """'04 50 56 87 49' -> '+33450568749'; None when the text is not a French 10-digit number.

    Spaces, dots, dashes and a leading +33 / 0033 are accepted; short numbers (3939) are not.
    """
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+"):
        digits = "00" + digits[1:]
    if re.fullmatch(r"0033[1-9]\d{8}", digits):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        return None
    country = OVERSEAS_PREFIXES.get(digits[:4], "33")
    return f"+{country}{digits[1:]}"
