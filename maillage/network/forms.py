from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.models import Invitation
from maillage.forms_contact import EmailListField, PhoneField
from maillage.forms_ui import StyledFormMixin
from maillage.lib.geo import coordinates_error
from maillage.network import geocoding
from maillage.network.commune_picker import CommuneField
from maillage.network.hours import OpeningHoursField
from maillage.network.models import Agreement, OutreachStop, Partner, Place, Structure
from maillage.network.presentation import MISSING, presentation
from maillage.territory.models import Commune


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class StructureForm(StyledFormMixin, forms.ModelForm):
    # What the files of its places say about the structure (pivot, structure_parente, source,
    # typologie, data·inclusion site_web): changing it dates the places.
    PUBLISHED_FIELDS = {"name", "pivot", "typology", "website"}

    class Meta:
        model = Structure
        fields = ["name", "pivot", "typology", "chain_roles", "email", "phone", "website"]
        field_classes = {"phone": PhoneField}

    def save(self, commit: bool = True) -> Structure:
        structure = super().save(commit)
        if commit and self.PUBLISHED_FIELDS & set(self.changed_data):
            structure.places.update(updated_on=timezone.localdate())
        return structure


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
        self.fields["postcode"].required = False
        self.fields["postcode"].help_text = "Rempli d'après la commune quand elle n'en a qu'un."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune = data.get("commune")
        if not data.get("postcode") and "postcode" not in self.errors:
            codes = sorted(commune.postcodes.values_list("code", flat=True)) if commune else []
            if len(codes) == 1:
                data["postcode"] = codes[0]
            elif codes:
                self.add_error(
                    "postcode", f"Cette commune a plusieurs codes postaux ({', '.join(codes)}) : indiquez-le."
                )
            else:
                self.add_error("postcode", "Ce champ est obligatoire.")
        error = coordinates_error(data.get("lat"), data.get("lon"))
        if error and "lat" not in self.errors:
            self.add_error("lat", error)
        if data.get("is_published") and not presentation(data.get("summary") or "", data.get("description") or ""):
            self.add_error("summary", MISSING)
        return data

    def located(self) -> tuple[QueryDict, str, bool]:
        """The submitted data with the point and postcode found from the address, or the address
        found from the point; with a French note saying what happened, and whether it worked."""
        data = cast(QueryDict, self.data).copy()
        if not geocoding.is_configured():
            return data, "La recherche d'adresse n'est pas configurée : placez le point sur la carte.", False
        try:
            commune = self.fields["commune"].clean(self["commune"].data)
        except forms.ValidationError as error:
            return data, f"Choisissez d'abord la commune. {' '.join(error.messages)}", False
        address = (data.get("address") or "").strip()
        try:
            if address:
                return self._point_from_address(data, address, commune)
            return self._address_from_point(data)
        except geocoding.GeocoderUnavailable as error:
            return data, error.message, False

    def _point_from_address(self, data: QueryDict, address: str, commune: Commune) -> tuple[QueryDict, str, bool]:
        found = geocoding.locate(address, commune)
        if found is None:
            return data, f"Adresse introuvable à {commune.name} : vérifiez-la, ou placez le point sur la carte.", False
        data["lat"], data["lon"] = f"{found.lat:.6f}", f"{found.lon:.6f}"
        if found.postcode:
            data["postcode"] = found.postcode
        return data, f"Adresse trouvée : {found.label}. Vérifiez le point sur la carte, puis enregistrez.", True

    def _address_from_point(self, data: QueryDict) -> tuple[QueryDict, str, bool]:
        try:
            lat, lon = float(data.get("lat") or ""), float(data.get("lon") or "")
        except ValueError:
            return data, "Saisissez l'adresse, ou placez d'abord le point sur la carte.", False
        found = geocoding.reverse(lat, lon)
        if found is None or not found.name:
            return data, "Aucune adresse connue près de ce point : saisissez-la.", False
        data["address"] = found.name
        if found.postcode:
            data["postcode"] = found.postcode
        return data, f"Adresse la plus proche du point : {found.label}. Vérifiez-la, puis enregistrez.", True


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
