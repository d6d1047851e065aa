"""Forms of person files, follow-ups and mandates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from maillage.counter.models import FollowUp, Mandate, Person
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Structure

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
IDENTITY_FIELDS = ["first_name", "last_name", "birth_date", "phone", "email", "address", "partner_numbers"]
CONSENT_FIELDS = ["consent_given_on", "consent_purpose", "consent_method"]


class PersonSearchForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE_INPUT)


class PersonIdentityForm(StyledFormMixin, forms.ModelForm):
    """Identity only; the file's structure and consent are set when it is created."""

    class Meta:
        model = Person
        fields = IDENTITY_FIELDS
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "birth_date": DATE_INPUT,
            "phone": forms.TextInput(attrs={"autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "partner_numbers": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"email": forms.EmailField}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person: Person = self.instance
        first, last, born = data.get("first_name"), data.get("last_name"), data.get("birth_date")
        if first and last and born and person.structure_id:
            twins = Person.objects.filter(structure_id=person.structure_id).find(first, last, born)
            if twins.exclude(pk=person.pk).exists():
                raise forms.ValidationError(
                    "Un dossier existe déjà pour cette personne dans votre structure : retrouvez-le par la recherche."
                )
        return data


class PersonCreateForm(PersonIdentityForm):
    """A file exists only with recorded consent: date, purpose and how it was given are required."""

    class Meta(PersonIdentityForm.Meta):
        fields = IDENTITY_FIELDS + CONSENT_FIELDS
        widgets = {**PersonIdentityForm.Meta.widgets, "consent_given_on": DATE_INPUT}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        kwargs.setdefault("instance", Person(structure=structure))
        kwargs.setdefault("initial", {"consent_given_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        for name in CONSENT_FIELDS:
            self.fields[name].required = True


class FollowUpForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["due_on", "note"]
        widgets = {"due_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "Visible uniquement par l'équipe de la structure ; chiffrée."}


class MandateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["domains", "start", "end", "aidants_connect_ref"]
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}
        help_texts = {"end": "Un an au plus après le début, comme dans Aidants Connect."}

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("instance", Mandate(person=person))
        kwargs.setdefault("initial", {"start": today, "end": Mandate.latest_end(today)})
        super().__init__(*args, **kwargs)
