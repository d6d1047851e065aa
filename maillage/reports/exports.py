"""The report in CSV, XLSX, PDF and JSON: four views of one Report, through the same tables."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from maillage.lib.spreadsheet import CellValue, csv_text
from maillage.reports.compute import Report
from maillage.reports.tables import Growth, Hours, Money, Percent, Points, Value, heading, tables

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def french_number(value: Value, *, decimals: int | None = None) -> str:
    """1 234,5 — thin spaces between thousands, a comma before decimals, as French readers expect."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Points):
        return _signed(french_number(float(value), decimals=1), float(value)) + "\u00a0pts"
    if isinstance(value, Growth):
        return _signed(french_number(float(value) * 100, decimals=1), float(value)) + " %"
    if isinstance(value, Percent):
        return french_number(float(value) * 100, decimals=1) + " %"
    if isinstance(value, Money):
        return french_number(Decimal(value), decimals=2) + " €"
    if isinstance(value, Hours):
        return french_number(float(value), decimals=1)
    if decimals is None:
        decimals = 0 if isinstance(value, int) or float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _signed(text: str, value: float) -> str:
    return "+" + text if value > 0 and text.strip("0,") else text


def _csv_value(value: Value) -> str:
    """Numbers without thousands separators so a spreadsheet reads them as numbers; decimal comma.

    Points carry their unit ("3,2 pts"); a fall takes the minus sign U+2212, since a text cell
    starting with "-" or "+" would be taken for a formula (and neutralised with a quote)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Points):
        return f"{float(value):.1f} pts".replace(".", ",").replace("-", "\u2212")
    if isinstance(value, Percent):
        return f"{float(value) * 100:.1f} %".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return (
        f"{float(value):.2f}".replace(".", ",") if isinstance(value, Money) else f"{float(value):.1f}".replace(".", ",")
    )


def to_csv(report: Report) -> bytes:
    rows: list[list[CellValue]] = [[label, text] for label, text in heading(report)]
    for table in tables(report):
        rows += [[], [table.title], list(table.header)]
        rows += [[_csv_value(v) for v in row] for row in table.rows]
    return csv_text(rows).encode("utf-8")


def to_json(report: Report) -> bytes:
    data: dict[str, Any] = {
        "title": report.title,
        "scope": {"kind": report.scope.kind, "id": report.scope.ident, "label": report.scope.label},
        "period": {"code": report.period.code, "start": report.period.start, "end": report.period.end},
        "previous_period": {
            "code": report.previous_period.code,
            "partial": report.completeness.partial,
            "reasons": list(report.completeness.reasons),
        },
        "partner": report.partner.code if report.partner else None,
        "masked": report.masked,
        "generated_at": report.generated_at,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": t.header,
                "rows": [[_json_value(v) for v in row] for row in t.rows],
                "units": [[_json_unit(v) for v in row] for row in t.rows],
            }
            for t in tables(report)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=_default).encode("utf-8")


def _json_value(value: Value) -> Any:
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, Percent | Hours | Points):
        return round(float(value), 4)
    return value


JSON_UNITS = {Growth: "relative_change", Percent: "ratio", Points: "percentage_points", Hours: "hours", Money: "euros"}


def _json_unit(value: Value) -> str | None:
    """What a number of `rows` counts, cell for cell: a ratio is 0..1, a relative change too
    (0.12 is +12 %), percentage points are a difference of two rates (3.2 is +3,2 pts)."""
    kind = next((unit for kind, unit in JSON_UNITS.items() if isinstance(value, kind)), None)
    if kind is None and isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    return kind


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def to_xlsx(report: Report) -> bytes:
    from maillage.reports.xlsx import workbook

    return workbook(report)


def to_pdf(report: Report) -> bytes:
    from maillage.reports.pdf import to_pdf as pdf

    return pdf(report)


RENDERERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf, "json": to_json}


def render(report: Report, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"Format « {fmt} » inconnu : choisissez parmi {', '.join(RENDERERS)}.")
    return RENDERERS[fmt](report)


def filename(report: Report, fmt: str) -> str:
    scope = f"{report.scope.kind}-{report.scope.ident}".replace(" ", "-")
    partner = f"-{report.partner.code}" if report.partner else ""
    return f"rapport-{scope}{partner}-{report.period.code.replace(':', '_')}.{fmt}"
