"""A list of vocabulary codes stored as JSON, edited as checkboxes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.JSONField):
    """JSON list of codes from one `TextChoices` vocabulary, validated on every save through forms."""

    def __init__(self, *args: Any, vocabulary: type[models.TextChoices] | None = None, **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError("Une liste de valeurs est attendue.", code="invalid")
        if self.vocabulary is not None:
            allowed = set(self.vocabulary.values)
            unknown = [item for item in value if item not in allowed]
            if unknown:
                raise ValidationError(
                    "Valeur inconnue : %(values)s.",
                    code="invalid_choice",
                    params={"values": ", ".join(map(str, unknown))},
                )

    def formfield(self, **kwargs: Any) -> Any:
        if self.vocabulary is None:
            return super().formfield(**kwargs)
        return forms.MultipleChoiceField(
            choices=self.vocabulary.choices,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name[:1].upper() + self.verbose_name[1:]),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
