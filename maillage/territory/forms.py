from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.enums import Role
from maillage.forms_ui import StyledFormMixin
from maillage.network.enums import Service
from maillage.network.models import Network, Partner
from maillage.territory.analysis import Scope
from maillage.territory.enums import DistanceUnit
from maillage.territory.models import Departement

MAX_DISTANCE = {DistanceUnit.KM: 100.0, DistanceUnit.MINUTES: 120.0}


def networks_for(user: Any) -> Any:
    """Networks whose places a user may study: all for administrators, their own for coordinators."""
    if user.is_administrator:
        return Network.objects.order_by("name")
    return Network.objects.filter(memberships__user=user, memberships__role=Role.NETWORK_COORDINATOR).order_by("name")


class CoverageForm(StyledFormMixin, forms.Form):
    departement = forms.ModelChoiceField(
        Departement.objects.order_by("code"), label="Département", to_field_name="code", empty_label=None
    )
    network = forms.ModelChoiceField(
        Network.objects.none(),
        label="Réseau",
        to_field_name="uuid",
        required=False,
        empty_label="Tous les lieux publiés",
        help_text="Les lieux publiés des structures du réseau, ou tous les lieux publiés.",
    )
    service = forms.ChoiceField(label="Service", choices=[("", "Tous les services"), *Service.choices], required=False)
    partner = forms.ModelChoiceField(
        Partner.objects.filter(is_active=True).order_by("name"),
        label="Partenaire",
        to_field_name="code",
        required=False,
        empty_label="Tous les partenaires",
    )
    distance = forms.FloatField(label="Distance", min_value=0.1, initial=10)
    unit = forms.ChoiceField(label="Unité", choices=DistanceUnit.choices, initial=DistanceUnit.KM)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        networks = networks_for(user)
        field = self.fields["network"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = networks
        first = networks.filter(departement__isnull=False).first()
        if first is not None and not self.is_bound:
            self.initial.setdefault("departement", first.departement_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        distance, unit = data.get("distance"), data.get("unit")
        if distance is not None and unit in MAX_DISTANCE and distance > MAX_DISTANCE[DistanceUnit(unit)]:
            limit = f"{MAX_DISTANCE[DistanceUnit(unit)]:g} {'km' if unit == DistanceUnit.KM else 'minutes'}"
            self.add_error("distance", f"La distance ne peut pas dépasser {limit}.")
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(
            departement=data["departement"],
            distance=data["distance"],
            unit=data["unit"],
            network_id=data["network"].pk if data["network"] else None,
            service=data["service"],
            partner=data["partner"].code if data["partner"] else "",
        )


class SitingForm(CoverageForm):
    sites = forms.IntegerField(
        label="Nombre de nouveaux sites (K)",
        min_value=1,
        max_value=50,
        initial=3,
        help_text="Entre 1 et 50, choisis parmi les centres des communes non couvertes.",
    )
