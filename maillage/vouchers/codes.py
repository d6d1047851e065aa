"""Voucher codes people read on paper and type back: Crockford's base 32 and a Luhn mod 32 check character.

The alphabet leaves out I, L, O and U; when a code is typed, I and L read as 1 and O as 0, spaces and
dashes are ignored. The last character is a Luhn mod N check over the whole code (prefix included):
it catches every single mistyped character and every swap of two neighbours except 0 and Z (the
"09 ↔ 90" blind spot of Luhn, here between the first and last symbols of the alphabet).
Pure module: no Django import.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
BODY_LENGTH = 8
_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_READ_AS = {"I": "1", "L": "1", "O": "0"}


def check_character(code: str) -> str:
    """The Luhn mod 32 character that makes `code + character` valid."""
    total = 0
    for position, char in enumerate(reversed(code)):
        value = _VALUES[char]
        if position % 2 == 0:  # doubled: the check character will sit on the right of this one
            value *= 2
            value = value // BASE + value % BASE
        total += value
    return ALPHABET[(BASE - total % BASE) % BASE]


def is_valid(code: str) -> bool:
    """True when `code` (normalised) holds only alphabet characters and ends with its check character."""
    if len(code) < 2 or any(char not in _VALUES for char in code):
        return False
    return check_character(code[:-1]) == code[-1]


def normalise(typed: str) -> str:
    """A code as typed by a person: upper case, without spaces or dashes, I/L read as 1 and O as 0."""
    kept = "".join(char for char in typed.upper() if char not in " -._\t\u00a0\u202f")
    return "".join(_READ_AS.get(char, char) for char in kept)


def is_prefix(text: str) -> bool:
    return 1 <= len(text) <= 6 and all(char in _VALUES for char in text)


def new_code(prefix: str) -> str:
    """A fresh code: the series prefix, 8 random characters (40 bits), the check character."""
    body = prefix + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_character(body)


def grouped(code: str) -> str:
    """The printed form: groups of four characters ("PN69 7K3M Q9TZ X")."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
