"""The counter form's widgets written in Python: the same HTML as Django's widget templates, without a
template (and an include per option) for each of the screen's ~30 inputs and its selects' options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# Templates that are `input.html` and nothing else (radio_option.html too, as `option.tag` renders it)
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time")
} | {f"{WIDGETS}checkbox.html"}
OPTION_INPUTS = {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}
SELECT = f"{WIDGETS}select.html"


def attributes(attrs: dict[str, Any]) -> str:
    """Django's `attrs.html`: ` name="value"`, a bare ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False:
            parts.append(f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def input_tag(widget: dict[str, Any]) -> str:
    """Django's `input.html`."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    name = conditional_escape(widget["name"])
    return f'<input type="{conditional_escape(widget["type"])}" name="{name}"{value}{attributes(widget["attrs"])}>'


def option_input(widget: dict[str, Any]) -> str:
    """Django's `input_option.html`: the input, wrapped in its label when asked (after the newline
    that ends the included `input.html`)."""
    if not widget.get("wrap_label"):
        return input_tag(widget)
    target = f' for="{conditional_escape(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{target}>{input_tag(widget)}\n {conditional_escape(widget['label'])}</label>"


def option(value: Any, label: Any, attrs: dict[str, Any]) -> str:
    """Django's `select_option.html` as an include renders it: the option, then the file's newline."""
    return f'<option value="{conditional_escape(str(value))}"{attributes(attrs)}>{conditional_escape(label)}</option>\n'


def options(optgroups: list[tuple[Any, list[dict[str, Any]], Any]]) -> str:
    """The inside of Django's `select.html`: options, grouped under `<optgroup>` when named."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for choice in group_choices:
            parts.append("\n  " + option(choice["value"], choice["label"], choice["attrs"]))
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def select_tag(widget: dict[str, Any], body: str | None = None) -> str:
    """Django's `select.html`; `body` replaces the options when they were rendered beforehand."""
    inside = options(widget["optgroups"]) if body is None else body
    return f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>{inside}\n</select>'


class FastWidget(forms.Widget):
    """Renders Django's input, option and select templates in Python; any other template as usual."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        widget = context["widget"]
        if template_name in INPUTS:
            return mark_safe(input_tag(widget))
        if template_name in OPTION_INPUTS:
            return mark_safe(option_input(widget))
        if template_name == SELECT and not widget["attrs"].get("multiple"):
            return mark_safe(select_tag(widget))
        return super()._render(template_name, context, renderer)  # type: ignore[misc]


class FastSelect(FastWidget, forms.Select):
    """A select whose options may come pre-rendered (`options_html`, nothing selected) from a cached
    catalogue: the chosen value is then marked in it, as Django would have."""

    options_html: str | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if self.options_html is None:
            return super().get_context(name, value, attrs)
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = self.format_value(value)
        key = conditional_escape(chosen[0] if chosen else "")
        context["widget"]["body"] = self.options_html.replace(
            f'<option value="{key}">', f'<option value="{key}" selected>', 1
        )
        return context

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        widget = context["widget"]
        if "body" in widget:
            return mark_safe(select_tag(widget, widget["body"]))
        return super()._render(template_name, context, renderer)


_FAST: dict[type[forms.Widget], type[forms.Widget]] = {forms.Select: FastSelect}


def speed_up(fields: dict[str, forms.Field]) -> None:
    """Give every widget of one form instance (its own copies) the Python rendering above."""
    for field in fields.values():
        widget = field.widget
        cls = type(widget)
        if issubclass(cls, FastWidget):
            continue
        if cls not in _FAST:
            _FAST[cls] = type(f"Fast{cls.__name__}", (FastWidget, cls), {})
        widget.__class__ = _FAST[cls]
