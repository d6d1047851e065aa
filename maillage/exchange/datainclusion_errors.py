"""pydantic's refusals of a data·inclusion row, in French for the people who fix the place.

The package's own checks already speak French (`avertissement`, its `value_error` messages);
pydantic's generic ones (lengths, patterns, vocabularies, URLs, e-mails, dates, numbers) are
English: each common type gets a French sentence, any other keeps its code in a French frame.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

VALUE_ERROR_PREFIX = "Value error, "
COMPARISONS = {
    "greater_than": "supérieur à",
    "greater_than_equal": "supérieur ou égal à",
    "less_than": "inférieur à",
    "less_than_equal": "inférieur ou égal à",
}


def _shown(value: Any) -> str:
    text = str(value)
    return f"« {text[:60]}{'…' if len(text) > 60 else ''} »"


def french_reason(error: ErrorDetails) -> str:
    """One pydantic error as « champ : raison »."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    where = ".".join(map(str, error["loc"])) or "ligne"
    if kind == "missing":
        reason = "champ obligatoire manquant"
    elif kind == "string_too_short":
        reason = f"{ctx.get('min_length')} caractères au moins ({len(str(value))} saisis)"
    elif kind == "string_too_long":
        reason = f"{ctx.get('max_length')} caractères au plus ({len(str(value))} saisis)"
    elif kind == "string_pattern_mismatch":
        reason = f"{_shown(value)} n'a pas la forme attendue"
    elif kind in {"enum", "literal_error"}:
        reason = f"{_shown(value)} n'est pas une valeur du vocabulaire data·inclusion"
    elif kind.startswith("url_"):
        reason = f"{_shown(value)} n'est pas une adresse web valide"
    elif kind.startswith("date_"):
        reason = f"{_shown(value)} n'est pas une date valide (AAAA-MM-JJ)"
    elif kind.startswith(("float_", "int_")):
        reason = f"{_shown(value)} n'est pas un nombre"
    elif kind in COMPARISONS:
        limit = next(iter(ctx.values()), "")
        reason = f"{_shown(value)} doit être {COMPARISONS[kind]} {limit}"
    elif kind in {"list_type", "too_short", "too_long"}:
        reason = "liste attendue, de la taille permise par le schéma"
    elif kind == "value_error" and "courriel" in where:
        reason = f"{_shown(value)} n'est pas une adresse de courriel valide"
    elif kind in {"value_error", "avertissement"}:  # the package's own checks, written in French
        reason = error["msg"].removeprefix(VALUE_ERROR_PREFIX)
    else:
        reason = f"valeur {_shown(value)} refusée (erreur « {kind} »)"
    return f"{where} : {reason}"
