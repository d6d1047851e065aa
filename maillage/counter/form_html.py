"""`includes/field.html` and `includes/radios.html` written in Python for the counter form: the same
HTML, without two template includes and their lookups for each of its ~25 fields on every page."""

from __future__ import annotations

from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _hint(field: BoundField) -> str:
    return f'<span class="fr-hint-text">{conditional_escape(field.help_text)}</span>' if field.help_text else ""


def _errors(field: BoundField, tag: str) -> str:
    return " ".join(conditional_escape(str(error)) for error in field.errors) if field.errors else tag


def field_html(field: BoundField) -> SafeString:
    """What `{% include "includes/field.html" with field=field %}` renders."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None)
    if field.is_hidden:
        return mark_safe(f"\n{field}\n\n\n")
    if kind == "checkbox" and getattr(widget, "allow_multiple_selected", False):
        return render_to_string("includes/field.html", {"field": field})
    errors = f'<p class="fr-error-text" id="{field.auto_id}-error">{_errors(field, "")}</p>' if field.errors else ""
    label = conditional_escape(field.label)
    if kind == "checkbox":
        group = "fr-checkbox-group" + (" fr-checkbox-group--error" if field.errors else "")
        target = conditional_escape(field.id_for_label)
        body = (
            f'<div class="{group}">\n  {field}\n'
            f'  <label class="fr-label" for="{target}">{label}{_hint(field)}</label>\n  {errors}\n</div>'
        )
    else:
        name = "select" if kind == "select" else "input"
        group = f"fr-{name}-group" + (f" fr-{name}-group--error" if field.errors else "")
        required = ' <span class="required">(obligatoire)</span>' if field.field.required else ""
        target = conditional_escape(field.id_for_label)
        body = (
            f'<div class="{group}">\n'
            f'  <label class="fr-label" for="{target}">{label}{required}{_hint(field)}</label>\n'
            f"  {field}\n  {errors}\n</div>"
        )
    return mark_safe(f"\n\n{body}\n\n\n")


def radios_html(field: BoundField) -> SafeString:
    """What `{% include "includes/radios.html" with field=field %}` renders."""
    auto_id = field.auto_id
    labelled = f"{auto_id}-legend" + (f" {auto_id}-error" if field.errors else "")
    options = "".join(
        '\n    <div class="fr-fieldset__element"><div class="fr-radio-group fr-radio-group--sm">\n'
        f'      {option.tag()}<label class="fr-label" for="{conditional_escape(option.id_for_label)}">'
        f"{conditional_escape(option.choice_label)}</label>\n    </div></div>\n  "
        for option in field
    )
    errors = (
        f'<div class="fr-messages-group" id="{auto_id}-error" aria-live="assertive">'
        f'<p class="fr-message fr-message--error">{_errors(field, "")}</p></div>'
        if field.errors
        else ""
    )
    return mark_safe(
        f'<fieldset class="fr-fieldset{" fr-fieldset--error" if field.errors else ""}" id="{auto_id}-fieldset" '
        f'aria-labelledby="{labelled}">\n'
        f'  <legend class="fr-fieldset__legend fr-text--regular" id="{auto_id}-legend">'
        f"{conditional_escape(field.label)}</legend>\n  {options}\n  {errors}\n</fieldset>\n"
    )
