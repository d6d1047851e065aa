"""Forms of practice sheets: writing a sheet, reviewing it, reporting it obsolete, the list filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from maillage.counter.catalogue import catalogue
from maillage.counter.models import Procedure
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Partner
from maillage.sheets.enums import SheetStatus
from maillage.sheets.models import NO_PROCEDURE, PracticeSheet

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXPIRED = "expired"
STATUS_FILTERS = [("", "Tous les états"), *SheetStatus.choices, (EXPIRED, "À revoir (date dépassée)")]


class SheetForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PracticeSheet
        fields = ["procedure", "structure", "title", "scope", "steps", "documents", "pitfalls", "links", "expires_on"]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 8}),
            "documents": forms.Textarea(attrs={"rows": 4}),
            "pitfalls": forms.Textarea(attrs={"rows": 4}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "expires_on": DATE_INPUT,
        }
        error_messages = {"procedure": {"required": NO_PROCEDURE}}

    def __init__(self, *args: Any, structures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        procedure = cast(forms.ModelChoiceField, self.fields["procedure"])
        procedure.queryset = Procedure.objects.filter(is_active=True)
        procedure.widget.choices = catalogue()["choices"]
        structure = cast(forms.ModelChoiceField, self.fields["structure"])
        structure.queryset = structures.order_by("name")
        if self.instance.pk:  # a sheet stays with the structure it was written for
            del self.fields["structure"]
        elif len(structure.queryset) == 1:  # the usual case: the author's only structure
            self.instance.structure = structure.queryset[0]
            del self.fields["structure"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("approve", "Publier la fiche"), ("return", "Renvoyer à l'auteur")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire pour l'auteur",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "fr-input"}),
        help_text="Obligatoire pour renvoyer la fiche.",
    )


class WithdrawForm(forms.Form):
    to = forms.ChoiceField(
        label="Retirer la fiche",
        choices=[
            (SheetStatus.OBSOLETE, "Obsolète (n'est plus juste)"),
            (SheetStatus.ARCHIVED, "Archivée (plus utile)"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "fr-input"}),
    )


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Qu'est-ce qui n'est plus à jour ?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Indiquez ce qui n'est plus à jour dans la fiche."},
    )


class ListFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    partner = forms.ModelChoiceField(
        label="Partenaire", queryset=Partner.objects.none(), required=False, empty_label="Tous les partenaires"
    )
    status = forms.ChoiceField(label="État", choices=STATUS_FILTERS, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partner"])
        field.queryset = Partner.objects.filter(procedures__sheets__isnull=False).distinct().order_by("name")
