"""The commune of residence typed at the counter: suggestions, and a text that names exactly one commune.

A suggestion reads "Saint-Fons (Rhône, 69190)"; the text is read back to that one commune. A
postcode or INSEE code is accepted when it designates one commune only, a name when exactly one
commune bears it. Anything else is refused with the candidates, never replaced by a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from maillage.lib.text import normalise_name
from maillage.territory.models import Commune
from maillage.territory.picking import LABEL_RE, by_code, commune_label, is_code, named

SUGGESTIONS = 10
LISTED = 8


@dataclass(frozen=True)
class Suggestion:
    code: str
    value: str  # the text put in the field: "Nom (département, code postal)"

    @property
    def label(self) -> str:
        return f"code INSEE {self.code}"


def _with_details(communes: object) -> list[Commune]:
    return list(communes.select_related("departement").prefetch_related("postcodes"))  # type: ignore[attr-defined]


label = commune_label  # "Saint-Étienne (Loire, 42100)", as in the back office's commune picker


def label_of(value: object) -> str:
    """The field's text for a commune or a commune code (initial values of the form)."""
    commune = value if isinstance(value, Commune) else None
    if commune is None and value:
        commune = next(iter(_with_details(Commune.objects.filter(pk=str(value)))), None)
    return label(commune) if commune is not None else ""


def _by_code(text: str) -> list[Commune]:
    return _with_details(by_code(text).distinct().order_by("-population", "code"))


def _exact_name(text: str) -> list[Commune]:
    """Communes bearing exactly this name (or holding a former commune of that name)."""
    if not normalise_name(text):
        return []
    return _with_details(named(text).distinct().order_by("-population", "code"))


def _starting(text: str, limit: int) -> tuple[list[Commune], int]:
    """The first communes whose name starts with `text`, most populous first, and how many there are."""
    communes = Commune.objects.matching(text)
    return _with_details(communes.order_by("-population", "code")[:limit]), communes.count()


def suggestions(text: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    text = text.strip()
    if len(text) < 2:
        return []
    if is_code(text):
        postcode = text.upper()
        return [Suggestion(c.code, label(c, postcode)) for c in _by_code(text)[:limit]]
    exact = _exact_name(text)
    starting, _ = _starting(text, limit)
    ordered = exact + [c for c in starting if c not in exact]
    return [Suggestion(c.code, label(c)) for c in ordered[:limit]]


def _refuse(text: str, candidates: list[Commune], postcode: str = "", total: int = 0) -> ValidationError:
    names = ", ".join(label(c, postcode) for c in candidates[:LISTED])
    if max(total, len(candidates)) == 1:
        return ValidationError(
            f"« {text} » n'est pas le nom complet d'une commune : vouliez-vous dire {names} ? "
            "Choisissez-la dans les suggestions.",
            code="incomplete",
        )
    more = max(total, len(candidates)) - LISTED
    if more > 0:
        names += f" et {more} autre{'s' if more > 1 else ''}"
    return ValidationError(
        f"« {text} » peut désigner plusieurs communes : {names}. Choisissez la bonne dans les suggestions "
        "(nom, code postal ou code INSEE).",
        code="ambiguous",
    )


def _unknown(text: str) -> ValidationError:
    return ValidationError(
        f"Aucune commune ne correspond à « {text} ». Tapez un nom, un code postal ou un code INSEE "
        "et choisissez dans les suggestions.",
        code="unknown",
    )


def resolve(text: str) -> Commune | None:
    """The one commune that `text` names; None for an empty text; ValidationError otherwise."""
    text = " ".join(text.split())
    if not text:
        return None
    labelled = LABEL_RE.match(text)
    if labelled:
        postcode = labelled["postcode"] or ""
        communes = Commune.objects.filter(
            search_name=normalise_name(labelled["name"]), departement__name=labelled["departement"]
        )
        if postcode:
            communes = communes.filter(postcodes__code=postcode)
        found = _with_details(communes.distinct())
        if len(found) == 1:
            return found[0]
        if found:
            raise _refuse(text, found, postcode)
    if is_code(text):
        found = _by_code(text)
        if len(found) == 1:
            return found[0]
        if found:
            raise _refuse(text, found, text.upper())
        raise _unknown(text)
    exact = _exact_name(text)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise _refuse(text, exact)
    starting, total = _starting(text, LISTED)
    if starting:
        raise _refuse(text, starting, total=total)
    raise _unknown(text)
