"""Forms of the social-value parameters page: the network's rates, a partner's distance and unit cost,
the file of a partner's counters. Numbers are typed the French way (« 0,606 »)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Partner
from maillage.socialvalue.models import PartnerParameters, SocialValueParameters

MAX_FILE_BYTES = 2 * 1024 * 1024


def _decimal(
    label: str, *, places: int, low: str, high: str, required: bool, help_text: str = ""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(low),
        max_value=Decimal(high),
        decimal_places=places,
        localize=True,
        help_text=help_text,
        error_messages={
            "required": "Renseignez une valeur.",
            "invalid": "Saisissez un nombre, avec une virgule pour les décimales (par exemple 0,606).",
            "min_value": f"La valeur doit être au moins {low.replace('.', ',')}.",
            "max_value": f"La valeur doit être au plus {high.replace('.', ',')}.",
            "max_decimal_places": f"Au plus {places} chiffres après la virgule.",
        },
    )


class NetworkParametersForm(StyledFormMixin, forms.ModelForm):
    mileage_rate = _decimal("Barème kilométrique (€/km)", places=3, low="0", high="10", required=True)
    co2_factor = _decimal("Facteur d'émission (kg CO2e/km)", places=3, low="0", high="10", required=True)
    detour_factor = _decimal("Coefficient de détour (route / ligne droite)", places=2, low="1", high="5", required=True)
    avoided_share = _decimal(
        "Part des demandes ayant évité un recours au guichet (%)",
        places=2,
        low="0",
        high="100",
        required=False,
        help_text="Sans valeur par défaut : tant qu'elle est vide, rien n'est calculé. Une valeur prudente est "
        "préférable (par exemple la part des demandes qui auraient sinon conduit au guichet, selon votre enquête).",
    )

    class Meta:
        model = SocialValueParameters
        fields = [
            "mileage_rate",
            "mileage_source",
            "co2_factor",
            "co2_source",
            "detour_factor",
            "detour_source",
            "avoided_share",
            "avoided_share_source",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("avoided_share") is not None and not (data.get("avoided_share_source") or "").strip():
            self.add_error("avoided_share_source", "Indiquez d'où vient cette part (enquête, estimation du réseau…).")
        for name in ("mileage_source", "co2_source", "detour_source"):
            if name in data and not (data[name] or "").strip():
                self.add_error(name, "Indiquez la source de ce paramètre.")
        return data


class PartnerParametersForm(StyledFormMixin, forms.Form):
    partner = forms.ModelChoiceField(
        label="Partenaire",
        queryset=Partner.objects.order_by("name"),
        error_messages={"required": "Choisissez un partenaire.", "invalid_choice": "Partenaire inconnu."},
    )
    distance_km = _decimal(
        "Distance au guichet (km, aller simple)",
        places=1,
        low="0.1",
        high="500",
        required=False,
        help_text="Utilisée quand aucun fichier des guichets de ce partenaire n'est importé.",
    )
    distance_source = forms.CharField(label="Source de la distance", max_length=300, required=False)
    unit_cost = _decimal(
        "Coût d'une visite ou d'un appel au guichet évité (€)",
        places=2,
        low="0",
        high="10000",
        required=False,
        help_text="Sans valeur par défaut : vide, cette part n'est pas calculée pour ce partenaire.",
    )
    unit_cost_source = forms.CharField(label="Source du coût unitaire", max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit_cost") is not None and not (data.get("unit_cost_source") or "").strip():
            self.add_error("unit_cost_source", "Indiquez d'où vient ce coût unitaire.")
        return data

    def values(self) -> dict[str, Any]:
        names = ["distance_km", "distance_source", "unit_cost", "unit_cost_source"]
        return {name: self.cleaned_data[name] for name in names}

    @staticmethod
    def initial_for(parameters: PartnerParameters) -> dict[str, Any]:
        return {
            "partner": parameters.partner_id,
            "distance_km": parameters.distance_km,
            "distance_source": parameters.distance_source,
            "unit_cost": parameters.unit_cost,
            "unit_cost_source": parameters.unit_cost_source,
        }


class CountersFileForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier des guichets (CSV)",
        help_text="Colonnes : partenaire ; guichet ; commune (code INSEE) ; latitude ; longitude. "
        "Les guichets des partenaires présents dans le fichier remplacent les précédents.",
        error_messages={"required": "Choisissez un fichier.", "empty": "Le fichier est vide."},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Fichier trop lourd : 2 Mo au plus.")
        return upload
