from __future__ import annotations

from typing import Any, cast

from django import forms

from maillage.counter.widgets import speed_up
from maillage.directory.search import MAX_RADIUS_KM
from maillage.forms_ui import StyledFormMixin
from maillage.network.enums import Service
from maillage.network.models import Partner
from maillage.territory.models import Commune

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km"), (100, "100 km")]


class PublicSearchForm(StyledFormMixin, forms.Form):
    where = forms.CharField(
        label="Commune ou code postal",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "ex. Villeurbanne ou 42000", "list": "communes-list"}
        ),
    )
    service = forms.ChoiceField(label="Besoin", required=False, choices=[("", "Tous les besoins"), *Service.choices])
    partner = forms.ChoiceField(label="Organisme concerné", required=False)
    radius_km = forms.TypedChoiceField(
        label="Distance maximale", choices=RADIUS_CHOICES, coerce=int, initial=30, required=False
    )
    open_now = forms.BooleanField(label="Ouvert maintenant", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Partner.objects.filter(is_active=True).order_by("name").values_list("code", "name")
        cast(forms.ChoiceField, self.fields["partner"]).choices = [("", "Tous les organismes"), *partners]
        speed_up(self.fields)  # the counter's widgets written in Python: the same HTML, a quarter of the page
        self.commune: Commune | None = None
        self.other_communes: list[Commune] = []

    def clean_where(self) -> str:
        text = self.cleaned_data["where"].strip()
        if not text:
            return text
        candidates = list(Commune.objects.matching(text).order_by("-population", "name")[:6])
        if not candidates:
            if text.isdigit():
                raise forms.ValidationError(f"Aucune commune ne correspond au code postal « {text} ».")
            raise forms.ValidationError(f"Aucune commune ne correspond à « {text} ». Vérifiez l'orthographe.")
        located = [c for c in candidates if c.has_centre]
        if not located:
            raise forms.ValidationError(
                f"La position de {candidates[0].name} n'est pas connue : essayez une commune voisine."
            )
        self.commune = located[0]
        self.other_communes = located[1:]
        return text

    def clean_radius_km(self) -> int:
        radius = self.cleaned_data.get("radius_km") or 30
        if radius > MAX_RADIUS_KM:
            raise forms.ValidationError(f"La distance maximale est de {MAX_RADIUS_KM} km.")
        return int(radius)
