"""Text normalisation for search (accents, ligatures, case, punctuation)."""

from __future__ import annotations

import re

from anyascii import anyascii


def normalise_name(value: str) -> str:
    """'Saint-Étienne ' -> 'saint etienne', 'Cœuvres' -> 'coeuvres': ASCII, lower case, single spaces.

    Transliteration (anyascii) keeps the letters of ligatures (œ -> oe, æ -> ae, ß -> ss) that
    dropping combining marks alone would lose.
    """
    ascii_text = re.sub(r"[^a-z0-9]+", " ", anyascii(value).lower())
    return ascii_text.strip()
