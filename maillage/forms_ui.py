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


# Longer than any primary key (a 64-bit integer has 19 digits): such a choice is refused before a query
# that SQLite cannot bind (OverflowError) and PostgreSQL would refuse (DataError).
MAX_CHOICE_LENGTH = 19


def _too_long(values: Any) -> bool:
    items = values if isinstance(values, list | tuple) else [values]
    return any(len(str(item)) > MAX_CHOICE_LENGTH for item in items if item is not None)


class BoundedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if _too_long(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        if _too_long(value):
            first = next(str(item) for item in value if len(str(item)) > MAX_CHOICE_LENGTH)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": first[:20] + "…"}
            )
        return super()._check_values(value)  # type: ignore[misc]


def bound_choices(fields: dict[str, forms.Field]) -> None:
    """Give every model choice of one form instance the length bound above (its own field copies)."""
    for field in fields.values():
        if type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = BoundedModelMultipleChoiceField
        elif type(field) is forms.ModelChoiceField:
            field.__class__ = BoundedModelChoiceField


class StyledFormMixin:
    """Adds `fr-input`/`fr-select` classes, links each invalid field to its error, bounds dates and choices."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_dates(self.fields)
        bound_choices(self.fields)
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
