"""Choosing one commune from what a person typed: a name, a postcode or an INSEE code.

The text is never silently narrowed to the most populated candidate: one commune is picked only
when the text designates it alone, otherwise the caller gets a French explanation to show.
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from maillage.lib.text import normalise_name
from maillage.territory.models import Commune, PostalCode

# "Saint-Étienne (Loire, 42000)": the label shown in suggestions, read back when submitted as text.
LABEL_RE = re.compile(r"^(?P<name>.+?) \((?P<departement>[^,()]+)(?:, (?P<postcode>\d{5}))?\)$")
MAX_LISTED = 5


class CommuneChoiceError(ValueError):
    """The text designates no commune, or several: `message` says so in French."""

    def __init__(self, message: str, candidates: list[Commune] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates or []


def _with_details(queryset: QuerySet[Commune], limit: int) -> list[Commune]:
    ids = list(queryset.distinct().order_by("-population", "name").values_list("code", flat=True)[:limit])
    communes = Commune.objects.filter(code__in=ids).select_related("departement")
    return list(
        communes.prefetch_related(Prefetch("postcodes", queryset=PostalCode.objects.order_by("code"))).order_by(
            "-population", "name"
        )
    )


def first_postcode(commune: Commune) -> str:
    codes = sorted(postcode.code for postcode in commune.postcodes.all())
    return codes[0] if codes else ""


def commune_label(commune: Commune, postcode: str = "") -> str:
    """ "Nom (département, code postal)", as suggested and as shown back in the form: the postcode
    typed when it is one of the commune's, else its first."""
    codes = sorted(p.code for p in commune.postcodes.all())
    chosen = postcode if postcode in codes else (codes[0] if codes else "")
    return f"{commune.name} ({commune.departement.name}{', ' + chosen if chosen else ''})"


def is_code(text: str) -> bool:
    """A postcode or an INSEE code (Corsica's 2A/2B included)."""
    return len(text) == 5 and (text.isdigit() or text[:2].upper() in {"2A", "2B"})


def by_code(code: str) -> QuerySet[Commune]:
    """Communes with this postcode, or this INSEE code (current or former)."""
    code = code.upper()
    return Commune.objects.filter(Q(postcodes__code=code) | Q(code=code) | Q(aliases__code=code))


def named(name: str) -> QuerySet[Commune]:
    """Communes whose whole name (or a former commune's) is `name`, accents and case aside."""
    key = normalise_name(name)
    return Commune.objects.filter(Q(search_name=key) | Q(aliases__search_name=key))


def _queryset(text: str) -> QuerySet[Commune]:
    if is_code(text):
        return by_code(text)
    match = LABEL_RE.match(text)
    queryset = Commune.objects.matching(match["name"] if match else text)
    if match and match["postcode"]:
        queryset = queryset.filter(postcodes__code=match["postcode"])
    return queryset


def _exact(text: str) -> QuerySet[Commune]:
    """Communes (or former communes) whose whole name is `text`, or is the name in a label."""
    match = LABEL_RE.match(text)
    queryset = named(match["name"] if match else text)
    if match:
        queryset = queryset.filter(departement__name=match["departement"])
        if match["postcode"]:
            queryset = queryset.filter(postcodes__code=match["postcode"])
    return queryset


def find_communes(text: str, *, limit: int = 10) -> list[Commune]:
    """Candidates for `text`, most populated first: postcode, INSEE code (current or former) or name start."""
    text = " ".join(text.split())
    return _with_details(_queryset(text), limit) if text else []


def pick_commune(text: str) -> Commune:
    """The one commune `text` designates, or `CommuneChoiceError` when it designates none or several.

    A name equal to exactly one commune's (or former commune's) name wins over longer names that
    merely start with it: "Lyon" is Lyon, not Lyons-la-Forêt.
    """
    text = " ".join(text.split())
    candidates = find_communes(text, limit=MAX_LISTED + 1)
    if not candidates:
        if is_code(text):
            raise CommuneChoiceError(f"Aucune commune n'a le code INSEE ou le code postal « {text} ».")
        raise CommuneChoiceError(
            f"Aucune commune ne correspond à « {text} » : vérifiez l'orthographe, "
            "ou saisissez son code postal ou son code INSEE."
        )
    if len(candidates) > 1 and not is_code(text):
        exact = _with_details(_exact(text), MAX_LISTED + 1)
        if len(exact) == 1:
            return exact[0]
        candidates = exact or candidates
    if len(candidates) == 1:
        return candidates[0]
    listed = "; ".join(f"{commune_label(c)}, code INSEE {c.code}" for c in candidates[:MAX_LISTED])
    more = " ; et d'autres" if len(candidates) > MAX_LISTED else ""
    raise CommuneChoiceError(
        f"« {text} » désigne plusieurs communes ({listed}{more}) : choisissez-en une dans la liste, "
        "ou saisissez son code INSEE.",
        candidates[:MAX_LISTED],
    )
