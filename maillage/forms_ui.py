"""Form presentation shared by every form: design-system classes and accessible error wiring."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.forms_dates import bound_dates

WIDGET_CLASSES = {
    "select": "fr-select",
    "selectmultiple": "fr-select",
    "textarea": "fr-input",
}


class StyledFormMixin:
    """Adds `fr-input`/`fr-select` classes, links each invalid field to its error, bounds every date field."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_dates(self.fields)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
            css = WIDGET_CLASSES.get(kind, "fr-input")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                bound = self[name]  # type: ignore[index]
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{bound.auto_id}-error"}
                )
