"""Checks every data·inclusion row with the `data-inclusion-schema` package itself, warnings as errors."""

from __future__ import annotations

import warnings
from typing import Any

from data_inclusion.schema.v1 import Service, Structure


def assert_valid(structures: list[dict[str, Any]], services: list[dict[str, Any]]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for row in structures:
            Structure.model_validate(row, context={"ignore_warnings": False})
        for row in services:
            Service.model_validate(row, context={"ignore_warnings": False})
    structure_ids = [row["id"] for row in structures]
    assert len(set(structure_ids)) == len(structure_ids)
    service_ids = [row["id"] for row in services]
    assert len(set(service_ids)) == len(service_ids)
    assert {row["structure_id"] for row in services} <= set(structure_ids)
