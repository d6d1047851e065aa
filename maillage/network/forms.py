from __future__ import annotations

from typing import Any, cast

from django import forms

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.models import Invitation
from maillage.forms_contact import EmailListField, PhoneField
from maillage.forms_ui import StyledFormMixin
from maillage.lib.geo import coordinates_error
from maillage.network.hours import OpeningHoursField
from maillage.network.models import Agreement, OutreachStop, Partner, Place, Structure
from maillage.territory.models import Commune


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class CommuneField(forms.CharField):
    """INSEE code typed or picked from suggestions, resolved to a Commune."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Code INSEE de la commune")
        kwargs.setdefault("help_text", "5 caractères, ex. 69266 pour Villeurbanne.")
        super().__init__(max_length=5, min_length=5, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Commune) else value

    def clean(self, value: Any) -> Commune:
        code = super().clean(value).strip().upper()
        commune = Commune.objects.filter(code=code).first()
        if commune is None:
            raise forms.ValidationError(f"Aucune commune n'a le code INSEE « {code} ».")
        return commune


class StructureForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Structure
        fields = ["name", "pivot", "typology", "chain_roles", "email", "phone", "website"]
        field_classes = {"phone": PhoneField}


class PlaceForm(StyledFormMixin, forms.ModelForm):
    commune = CommuneField()
    opening_hours = OpeningHoursField(required=False, max_length=500)

    class Meta:
        model = Place
        fields = [
            "name",
            "commune",
            "postcode",
            "address",
            "address_complement",
            "lat",
            "lon",
            "mobility",
            "opening_hours",
            "phone",
            "emails",
            "website",
            "appointment_url",
            "summary",
            "description",
            "functions",
            "services",
            "partners",
            "languages",
            "publics",
            "specific_support",
            "fees",
            "programmes",
            "access_modes",
            "support_modes",
            "typology",
            "labels",
            "other_labels",
            "accessibility_notes",
            "accessibility_url",
            "how_to_come",
            "is_published",
        ]
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "how_to_come": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"emails": EmailListField, "phone": PhoneField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "partners").queryset = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["lat"].help_text = "En degrés décimaux, ex. 45.7640."
        self.fields["lon"].help_text = "En degrés décimaux, ex. 4.8357."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        error = coordinates_error(data.get("lat"), data.get("lon"))
        if error and "lat" not in self.errors:
            self.add_error("lat", error)
        return data


class OutreachStopForm(StyledFormMixin, forms.ModelForm):
    commune = CommuneField()
    opening_hours = OpeningHoursField(max_length=300)

    class Meta:
        model = OutreachStop
        fields = ["commune", "address", "lat", "lon", "opening_hours", "position"]


OutreachStopFormSet = forms.inlineformset_factory(
    Place, OutreachStop, form=OutreachStopForm, extra=1, can_delete=True, max_num=30
)


class PartnerForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["code", "name", "kind", "france_services", "domains", "website", "is_active"]


class AgreementForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["partner", "start", "end", "places", "domains", "funding_eur", "notes"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "places": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.structure = structure
        _model_choice(self, "places").queryset = structure.places.order_by("name")
        _model_choice(self, "partner").queryset = Partner.objects.filter(is_active=True).order_by("name")


class InvitationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in sorted(STRUCTURE_ROLES)]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if self.structure.memberships.filter(user__email=email).exists():
            raise forms.ValidationError("Cette personne fait déjà partie de l'équipe.")
        if self.structure.invitations.pending().filter(email=email).exists():
            raise forms.ValidationError("Une invitation est déjà en attente pour cette adresse.")
        return email
