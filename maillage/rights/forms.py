"""Forms of followed rights: add a right by hand, move it on, set a reminder, filter the list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Place
from maillage.rights.enums import AmountPeriod, Right, Stage
from maillage.rights.models import MAX_AMOUNT, FollowedRight

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
AMOUNT_HELP = "En euros, tel que la personne le recevra (ou l'a reçu)."


class FollowedRightForm(StyledFormMixin, forms.ModelForm):
    """A right added by hand during an intake (the screening adds them too, later)."""

    class Meta:
        model = FollowedRight
        fields = ["right", "place", "expected_amount", "amount_period", "remind_on", "note"]
        widgets = {"remind_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"expected_amount": "Facultatif : le montant estimé, s'il est connu."}

    def __init__(self, *args: Any, structure: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(structure=structure).order_by("name")  # type: ignore[attr-defined]
        self.fields["amount_period"].required = False

    def clean_remind_on(self) -> Any:
        day = self.cleaned_data.get("remind_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir (ou aujourd'hui).")
        return day


class MoveForm(StyledFormMixin, forms.Form):
    """The fields a transition needs: its date, the amount for an opened right, the reason otherwise."""

    day = forms.DateField(label="Date", widget=DATE_INPUT, initial=timezone.localdate)
    amount = forms.DecimalField(
        label="Montant obtenu",
        max_digits=9,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        help_text=AMOUNT_HELP,
    )
    period = forms.ChoiceField(label="Périodicité", choices=AmountPeriod.choices)
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, stage: str, followed: FollowedRight, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stage = stage
        if stage != Stage.OPENED:
            del self.fields["amount"], self.fields["period"]
        else:
            self.fields["period"].initial = followed.amount_period
            self.fields["amount"].initial = followed.expected_amount
        if stage not in {Stage.REFUSED, Stage.ABANDONED}:
            del self.fields["reason"]

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return day


class ReminderForm(StyledFormMixin, forms.Form):
    remind_on = forms.DateField(
        label="Me le rappeler le", widget=DATE_INPUT, required=False, help_text="Laissez vide pour retirer le rappel."
    )

    def clean_remind_on(self) -> Any:
        day = self.cleaned_data.get("remind_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Choisissez une date à venir (ou aujourd'hui).")
        return day


class ListFilterForm(StyledFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Étape", choices=[("", "Toutes"), *Stage.choices], required=False)
    right = forms.ChoiceField(label="Droit", choices=[("", "Tous"), *Right.choices], required=False)
