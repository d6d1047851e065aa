"""The national places file of a set of places, as CSV or JSON text produced row by row.

Only published places are written; the others of the set are not looked at. A place that does not
satisfy the standard is skipped and kept in `skipped` with its reasons. The CSV is UTF-8 without
byte order mark, comma-separated like the standard's example, and formula-safe through
`maillage.lib.spreadsheet` (a text starting with `=`, `+`, `-`, `@` gets a leading quote; an
international phone number is only digits and stays as it is). The JSON is a list of objects with
the same keys, coordinates as numbers, an empty value as null, and text as stored (no quote: JSON
is not read by spreadsheets).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from maillage.exchange.lieux_export import Problem, Skipped, columns, place_row
from maillage.lib.spreadsheet import CsvWriter
from maillage.network.models import Place

CHUNK_SIZE = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
FILE_STEM = "lieux-mediation-numerique"


@dataclass
class PlacesFile:
    """One pass over the published places of `places`; counts are final once the text is consumed."""

    places: QuerySet[Place]
    exported: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def rows(self) -> Iterator[dict[str, Any]]:
        published = self.places.filter(is_published=True).select_related("structure", "commune")
        for place in published.order_by("name", "pk").iterator(chunk_size=CHUNK_SIZE):
            row = place_row(place)
            if isinstance(row, Skipped):
                self.skipped.append(row)
                continue
            self.exported += 1
            yield row

    def csv_chunks(self) -> Iterator[str]:
        names = columns()
        buffer = io.StringIO()
        writer = CsvWriter(buffer, delimiter=",")
        writer.writerow(names)
        for number, row in enumerate(self.rows(), start=1):
            writer.writerow([row[name] for name in names])
            if number % CHUNK_SIZE == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def json_chunks(self) -> Iterator[str]:
        names = columns()
        separator = "[\n"
        for row in self.rows():
            record = {name: None if row[name] == "" else row[name] for name in names}
            yield separator + json.dumps(record, ensure_ascii=False)
            separator = ",\n"
        yield "[]\n" if separator == "[\n" else "\n]\n"

    def chunks(self, file_format: str) -> Iterator[str]:
        return self.csv_chunks() if file_format == "csv" else self.json_chunks()

    def text(self, file_format: str) -> str:
        return "".join(self.chunks(file_format))

    def count(self) -> None:
        """Go through the rows only to fill `exported` and `skipped`."""
        for _ in self.rows():
            pass


@dataclass(frozen=True)
class ToComplete:
    """A place and what to fill in: for the national file (`problems`), for data·inclusion (`gaps`)."""

    place: Place
    problems: list[Problem]
    gaps: list[str]


@dataclass
class Incomplete:
    """The places of a set to complete; the published ones are those the public files show only in part."""

    items: list[ToComplete]

    @property
    def published(self) -> int:
        return sum(1 for item in self.items if item.place.is_published)

    @property
    def out_of_national_file(self) -> int:
        return sum(1 for item in self.items if item.place.is_published and item.problems)

    @property
    def out_of_datainclusion(self) -> int:
        return sum(1 for item in self.items if item.gaps)

    @property
    def unpublished(self) -> int:
        return len(self.items) - self.published


def incomplete(places: QuerySet[Place]) -> Incomplete:
    """The places of the set that the standard would refuse (published or not, with their reasons),
    and the published ones data·inclusion would leave out, wholly or their services (with what is missing)."""
    from maillage.exchange import datainclusion  # its data·inclusion schema (pydantic models) loads on use

    found = []
    for place in places.select_related("structure", "commune").order_by("name", "pk").iterator(chunk_size=CHUNK_SIZE):
        row = place_row(place)
        problems = row.problems if isinstance(row, Skipped) else []
        missing = datainclusion.gaps(place)
        if problems or missing:
            found.append(ToComplete(place, problems, missing))
    return Incomplete(found)
