"""Validation of our files by frictionless against the official schema of `../shared` (offline).

The schema is read from the shared reference copy (not the one Maillage ships), through
`require_shared`: skipped without `../shared`, failing under CI=true. Files are given to frictionless
as bytes or rows, never as paths or URLs, so it has nothing to fetch.
"""

from __future__ import annotations

import json
from typing import Any

from frictionless import Resource, Schema

from maillage.tests.shared_files import require_shared

SCHEMA_FILE = "domain/schemas/lieux-mediation-numerique.schema.json"
EXAMPLE_FILE = "domain/schemas/lieux-mediation-numerique.exemple-valide.csv"


def official_descriptor() -> dict[str, Any]:
    return json.loads((require_shared(SCHEMA_FILE) / SCHEMA_FILE).read_text(encoding="utf-8"))


def official_schema() -> Schema:
    descriptor = official_descriptor()
    return Schema.from_descriptor({"fields": descriptor["fields"], "primaryKey": descriptor["primaryKey"]})


def errors_of(resource: Resource) -> list[list[Any]]:
    report = resource.validate()
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


def csv_errors(text: str) -> list[list[Any]]:
    return errors_of(Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=official_schema()))


def json_errors(records: list[dict[str, Any]]) -> list[list[Any]]:
    return errors_of(Resource(data=records, schema=official_schema()))
