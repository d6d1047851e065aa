"""Text normalisation for search (accents, case, punctuation)."""

from __future__ import annotations

import re
import unicodedata


def normalise_name(value: str) -> str:
    """'Saint-Étienne ' -> 'saint etienne': ASCII, lower case, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower())
    return ascii_text.strip()
