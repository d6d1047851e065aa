"""What a published place must say about itself: the text data·inclusion publishes as the
description of its services (the schema requires at least 5 characters, see docs/data-inclusion.md)."""

from __future__ import annotations

MIN_LENGTH = 5

MISSING = (
    "Pour publier le lieu dans l'annuaire, renseignez la « présentation courte » ou la "
    f"« présentation détaillée » (au moins {MIN_LENGTH} caractères) : data·inclusion exige une "
    "description des services proposés."
)


def presentation(summary: str, description: str) -> str:
    """The detailed presentation when there is one, else the short one; blank if neither is long enough."""
    for text in (description.strip(), summary.strip()):
        if len(text) >= MIN_LENGTH:
            return text
    return ""
