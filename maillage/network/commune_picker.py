"""Commune chosen by name: a text box with suggestions and the INSEE code it submits.

The visible box (`<name>_text`) takes a name, a postcode or an INSEE code; `commune-picker.js`
offers "Nom (département, code postal)" suggestions and puts the chosen commune's INSEE code in the
hidden `<name>` input. Without JavaScript, or when the text was changed after a pick, the server
reads the text itself and refuses it, in French, when it designates no commune or several.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString, mark_safe

from maillage.territory.models import Commune
from maillage.territory.picking import CommuneChoiceError, commune_label, pick_commune


@dataclass(frozen=True)
class CommuneInput:
    text: str = ""
    code: str = ""


def _commune(code: str) -> Commune | None:
    return Commune.objects.select_related("departement").filter(code=code).first() if code else None


class CommuneWidget(forms.Widget):
    template_name = "network/widgets/commune_picker.html"

    class Media:
        js = ["maillage/js/commune-picker.js"]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> CommuneInput:
        return CommuneInput(text=(data.get(f"{name}_text") or "").strip(), code=(data.get(name) or "").strip())

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_text" not in data

    def format_value(self, value: Any) -> Any:
        return value

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_text" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, Commune):
            value = value.code
        if isinstance(value, CommuneInput):
            text, code = value.text, value.code
        else:
            code = str(value or "")
            commune = _commune(code)
            text = commune_label(commune) if commune else code
        commune = _commune(code)
        if commune and text != commune_label(commune):
            commune = None  # the text was changed after the pick: the code no longer stands for it
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            text=text,
            code=code if commune else "",
            centre=commune if commune and commune.has_centre else None,
            ids={"text": f"{base}_text", "list": f"{base}_list", "code": base},
        )
        return context

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        return mark_safe(TemplatesSetting().render(template_name, context))


class CommuneField(forms.Field):
    """A Commune picked by name, postcode or INSEE code; current commune for a former one's code."""

    widget = CommuneWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault(
            "help_text", "Tapez le nom, le code postal ou le code INSEE, puis choisissez la commune proposée."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Commune) else value

    def to_python(self, value: Any) -> Commune | None:
        if isinstance(value, Commune) or value is None:
            return value
        given = value if isinstance(value, CommuneInput) else CommuneInput(code=str(value).strip())
        if given.code:
            commune = Commune.objects.resolve_code(given.code)
            if commune and (not given.text or given.text == commune_label(commune)):
                return commune
            if not given.text:
                raise forms.ValidationError(f"Aucune commune n'a le code INSEE « {given.code} ».")
        if not given.text:
            return None
        try:
            return pick_commune(given.text)
        except CommuneChoiceError as error:
            raise forms.ValidationError(error.message) from None

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = initial.code if isinstance(initial, Commune) else str(initial or "")
        if isinstance(data, CommuneInput):
            if not data.text and not data.code:
                return bool(before)
            return data.code != before or (bool(data.text) and data.text != _label_of(before))
        return str(data or "") != before


def _label_of(code: str) -> str:
    commune = _commune(code)
    return commune_label(commune) if commune else ""
