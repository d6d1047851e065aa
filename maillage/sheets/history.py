"""What changed between two versions of a sheet, line by line, for its reviewers."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from maillage.sheets.models import SheetContent

LABELS = {
    "title": "Titre",
    "steps": "Étapes",
    "documents": "Documents à apporter",
    "pitfalls": "Pièges à éviter",
    "links": "Liens utiles",
}


@dataclass(frozen=True)
class Line:
    change: str  # "added", "removed" or "same"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    lines: list[Line]


def changes(before: SheetContent | None, after: SheetContent) -> list[FieldChange]:
    """The fields that differ, each as its lines added, removed or kept (none for a first version)."""
    if before is None:
        return []
    result = []
    for name, label in LABELS.items():
        old, new = _lines(getattr(before, name)), _lines(getattr(after, name))
        if old != new:
            result.append(FieldChange(label, [_line(row) for row in difflib.ndiff(old, new) if row[:1] in "+- "]))
    if before.expires_on != after.expires_on:
        dates = [Line("removed", f"{before.expires_on:%d/%m/%Y}"), Line("added", f"{after.expires_on:%d/%m/%Y}")]
        result.append(FieldChange("À revoir le", dates))
    return result


def _lines(text: Any) -> list[str]:
    return [line.rstrip() for line in str(text).splitlines() if line.strip()]


def _line(row: str) -> Line:
    change = {"+": "added", "-": "removed"}.get(row[0], "same")
    return Line(change, row[2:])
