"""Reading identifiers from query strings and posted fields: malformed values read as absent, never a 500."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

UUID_TEXT_MAX = 36  # the canonical 8-4-4-4-12 form; longer input is not a public id of ours


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The UUID written in `value`, or None when it is empty or not a UUID (a NUL byte, 300 digits...)."""
    if not isinstance(value, str) or not value or len(value) > UUID_TEXT_MAX:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def uuid_param(data: Mapping[str, Any], name: str) -> uuid.UUID | None:
    """`data[name]` as a UUID (GET or POST of a request), or None when absent or malformed."""
    return parse_uuid(data.get(name))
