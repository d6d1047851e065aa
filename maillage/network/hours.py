"""The opening hours editor: a French weekly grid that cleans to an OSM string, with a raw text fallback.

The server is the source of truth. The widget posts the grid and the raw OSM text side by side; the
field keeps the raw text when it was edited by hand (or when the grid could not represent the saved
value and was not shown), and writes the grid as OSM otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from maillage.lib.opening_hours import (
    DAY_LABELS,
    MAX_SLOTS_PER_DAY,
    DatedHours,
    Slot,
    WeekGrid,
    grid_errors,
    grid_to_osm,
    hours_error,
    osm_to_grid,
)

CLOSURE, OPENING = "closure", "opening"
EXCEPTION_KINDS = [(CLOSURE, "Fermeture"), (OPENING, "Ouverture exceptionnelle")]
MAX_EXCEPTIONS = 40  # well beyond what fits in the 500 characters of Place.opening_hours
TIME_INPUT = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?")


@dataclass
class SlotInput:
    start: str = ""
    end: str = ""


def _blank_slots() -> list[SlotInput]:
    return [SlotInput() for _ in range(MAX_SLOTS_PER_DAY)]


@dataclass
class ExceptionInput:
    kind: str = CLOSURE
    start: str = ""
    end: str = ""
    slots: list[SlotInput] = field(default_factory=_blank_slots)

    @property
    def is_blank(self) -> bool:
        return not (self.start.strip() or self.end.strip() or any(s.start or s.end for s in self.slots))


@dataclass
class HoursInput:
    """What the editor holds, as typed, so that an invalid form shows it back unchanged."""

    days: list[list[SlotInput]] = field(default_factory=lambda: [_blank_slots() for _ in DAY_LABELS])
    closed_on_holidays: bool = True
    exceptions: list[ExceptionInput] = field(default_factory=list)
    raw: str = ""
    raw_initial: str = ""
    mode: str | None = "grid"  # "grid" or "raw" (grid not shown); None when the client did not say

    @property
    def raw_edited(self) -> bool:
        return self.raw.split() != self.raw_initial.split()  # blanks and line ends do not count

    @classmethod
    def from_osm(cls, expression: str) -> HoursInput:
        expression = expression.strip()
        grid = osm_to_grid(expression)
        if grid is None:
            return cls(raw=expression, raw_initial=expression, mode="raw")
        return cls(
            days=[_slot_inputs(slots) for slots in grid.days],
            closed_on_holidays=grid.closed_on_holidays,
            exceptions=[
                ExceptionInput(
                    kind=CLOSURE if e.is_closure else OPENING,
                    start=e.start.isoformat(),
                    end="" if e.end == e.start else e.end.isoformat(),
                    slots=_slot_inputs(e.slots),
                )
                for e in grid.exceptions
            ],
            raw=expression,
            raw_initial=expression,
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any], name: str) -> HoursInput:
        def get(key: str) -> str:
            value = data.get(f"{name}_{key}", "")
            return value if isinstance(value, str) else ""

        def slots(prefix: str) -> list[SlotInput]:
            numbers = range(1, MAX_SLOTS_PER_DAY + 1)
            return [SlotInput(get(f"{prefix}_s{n}_start"), get(f"{prefix}_s{n}_end")) for n in numbers]

        row_key = re.compile(rf"{re.escape(name)}_x(\d+)_(?:kind|from|to)")
        rows = sorted({int(m[1]) for key in data if (m := row_key.fullmatch(key))})[:MAX_EXCEPTIONS]
        mode = get("mode")
        return cls(
            days=[slots(f"d{day}") for day in range(len(DAY_LABELS))],
            closed_on_holidays=bool(get("ph")),
            exceptions=[
                ExceptionInput(get(f"x{i}_kind"), get(f"x{i}_from"), get(f"x{i}_to"), slots(f"x{i}")) for i in rows
            ],
            raw=get("raw"),
            raw_initial=get("raw_initial"),
            mode=mode if mode in {"grid", "raw"} else None,
        )

    def to_grid(self) -> tuple[WeekGrid, list[str]]:
        """The grid typed in, and French messages for what could not be read."""
        errors: list[str] = []
        days = tuple(_parse_slots(label, slots, errors) for label, slots in zip(DAY_LABELS, self.days, strict=True))
        exceptions: list[DatedHours] = []
        for number, row in enumerate(self.exceptions, start=1):
            label = f"Exception {number}"
            if row.is_blank:
                continue
            start = _parse_date(row.start)
            end = _parse_date(row.end) if row.end.strip() else start
            if start is None or end is None:
                errors.append(f"{label} : indiquez une date de début valide, et une date de fin valide ou aucune.")
                continue
            slots: tuple[Slot, ...] = ()
            if row.kind == OPENING:
                before = len(errors)
                slots = _parse_slots(label, row.slots, errors)
                if not slots and len(errors) == before:
                    errors.append(f"{label} : indiquez au moins un créneau pour l'ouverture exceptionnelle.")
            exceptions.append(DatedHours(start, end, slots))
        return WeekGrid(days, self.closed_on_holidays, tuple(exceptions)), errors

    def resolve(self) -> tuple[str, list[str], bool]:
        """The OSM string to save, French errors, and whether it came from the raw text."""
        raw = self.raw.strip()
        grid, errors = self.to_grid()
        use_raw = self.raw_edited or self.mode == "raw" or (self.mode is None and grid.is_empty and bool(raw))
        if use_raw:
            message = hours_error(raw)
            return raw, [message] if message else [], True
        errors += grid_errors(grid)
        return ("" if errors else grid_to_osm(grid)), errors, False


def _slot_inputs(slots: tuple[Slot, ...]) -> list[SlotInput]:
    inputs = [SlotInput(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in slots]
    return inputs + [SlotInput() for _ in range(MAX_SLOTS_PER_DAY - len(inputs))]


def _parse_time(text: str) -> dt.time | None:
    match = TIME_INPUT.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return dt.time(int(match[1]), int(match[2]))


def _parse_date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _parse_slots(label: str, slots: list[SlotInput], errors: list[str]) -> tuple[Slot, ...]:
    parsed: list[Slot] = []
    for number, slot in enumerate(slots, start=1):
        if not (slot.start.strip() or slot.end.strip()):
            continue
        start, end = _parse_time(slot.start), _parse_time(slot.end)
        if not (slot.start.strip() and slot.end.strip()):
            errors.append(f"{label}, créneau {number} : indiquez l'heure de début et l'heure de fin.")
        elif start is None or end is None:
            errors.append(f"{label}, créneau {number} : heure illisible, utilisez le format HH:MM.")
        else:
            parsed.append((start, end))
    return tuple(parsed)


class OpeningHoursWidget(forms.Widget):
    """Weekly grid, holiday checkbox, dated exceptions and the raw OSM text (see the template)."""

    template_name = "network/widgets/hours_grid.html"
    use_fieldset = True

    class Media:
        js = ["maillage/js/hours-editor.js"]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> HoursInput:
        return HoursInput.from_data(data, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_raw" not in data and f"{name}_mode" not in data

    def format_value(self, value: Any) -> Any:
        return value

    def id_for_label(self, id_: str) -> str:
        return ""  # a group of fields: the form renders its label as the legend of a fieldset

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        hours = value if isinstance(value, HoursInput) else HoursInput.from_osm(value or "")
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        rows = [*hours.exceptions, ExceptionInput()]  # one blank row: adding works without JavaScript
        context["widget"].update(
            hours=hours,
            grid_shown=hours.mode != "raw",
            ids={key: f"{base}_{key}" for key in ("ph", "raw", "raw_help", "preview")},
            names={key: f"{name}_{key}" for key in ("ph", "raw", "raw_initial", "mode")},
            days=[
                _slot_group(name, base, f"d{i}", label, s)
                for i, (label, s) in enumerate(zip(DAY_LABELS, hours.days, strict=True))
            ],
            exceptions=[_exception_row(name, base, str(i), str(i + 1), row) for i, row in enumerate(rows)],
            exception_template=_exception_row(name, base, "__index__", "__number__", ExceptionInput()),
            kinds=EXCEPTION_KINDS,
            preview_url=_preview_url(name),
        )
        return context

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        # The project's template engine, where maillage/templates lives (the default form renderer
        # only reads the installed apps' folders).
        return mark_safe(TemplatesSetting().render(template_name, context))


def _slot_group(name: str, base: str, key: str, label: str, slots: list[SlotInput]) -> dict[str, Any]:
    legend_id = f"{base}_{key}_legend"
    return {
        "label": label,
        "legend_id": legend_id,
        "slots": [
            {
                "number": n,
                "label_id": f"{base}_{key}_s{n}_label",
                "start": {
                    "name": f"{name}_{key}_s{n}_start",
                    "id": f"{base}_{key}_s{n}_start",
                    "value": slot.start,
                },
                "end": {"name": f"{name}_{key}_s{n}_end", "id": f"{base}_{key}_s{n}_end", "value": slot.end},
            }
            for n, slot in enumerate(slots, start=1)
        ],
    }


def _exception_row(name: str, base: str, index: str, number: str, row: ExceptionInput) -> dict[str, Any]:
    def control(key: str, value: str) -> dict[str, str]:
        return {"name": f"{name}_x{index}_{key}", "id": f"{base}_x{index}_{key}", "value": value}

    group = _slot_group(name, base, f"x{index}", f"Exception {number}", row.slots)
    return {
        **group,
        "index": index,
        "kind": control("kind", row.kind),
        "start": control("from", row.start),
        "end": control("to", row.end),
    }


def _preview_url(name: str) -> str | None:
    try:
        return f"{reverse('network:hours_preview')}?{urlencode({'field': name})}"
    except NoReverseMatch:  # the preview is an enhancement: the editor works without it
        return None


class OpeningHoursField(forms.Field):
    """Cleans the editor's data (or a plain string) to a valid OSM opening_hours string."""

    widget = OpeningHoursWidget
    default_error_messages = {"required": "Indiquez les horaires d'ouverture."}

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Horaires d'ouverture")
        super().__init__(**kwargs)
        self.max_length = max_length
        if max_length is not None:
            message = (
                "Ces horaires font %(show_value)d caractères au format OpenStreetMap, "
                "%(limit_value)d au plus : regroupez ou retirez des exceptions."
            )
            self.validators.append(MaxLengthValidator(max_length, message=message))

    def to_python(self, value: Any) -> str:
        if isinstance(value, HoursInput):
            expression, errors, _raw_used = value.resolve()
        else:
            expression = str(value or "").strip()
            message = hours_error(expression)
            errors = [message] if message else []
        if errors:
            raise ValidationError([ValidationError(message, code="invalid") for message in errors])
        return expression
