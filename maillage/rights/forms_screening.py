"""The screening form a mediator fills with the person: consent, household, housing, resources.

Everything is checked before anything is computed or stored; the cleaned form gives the situation
JSON of `rights/screening.py`. Resources are the average monthly net amounts of the last three
months, by kind, for each adult (left empty: none of that kind).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from maillage.counter.enums import ConsentMethod
from maillage.counter.forms import ResidenceField
from maillage.counter.residence import Suggestion, label_of, suggestions
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Place
from maillage.rights.enums import Right
from maillage.rights.screening_types import HOUSING_LABELS, RENTING, RESOURCE_LABELS

ADULTS = ("applicant", "partner")
FIRST_PERIOD = "2014-01"  # the oldest legislation our screening is checked against (published cases)
MAX_MONTHLY = Decimal("20000")  # a monthly resource above it is a typing error (cents typed as euros...)
MAX_RENT = Decimal("5000")
MAX_CHILDREN = 12
PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DISABILITY_CHOICES = [
    ("none", "Pas de handicap reconnu"),
    ("50", "Taux d'incapacité de 50 à 79 %"),
    ("80", "Taux d'incapacité de 80 % ou plus"),
    ("unknown", "Ne sait pas"),
]
MONEY = {"min_value": "Un montant ne peut pas être négatif.", "invalid": "Saisissez un montant en euros, ex. 850,50."}


def money_field(label: str, maximum: Decimal, too_high: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=maximum,
        max_digits=9,
        decimal_places=2,
        localize=True,
        error_messages={**MONEY, "max_value": too_high},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


class ScreeningForm(StyledFormMixin, forms.Form):
    consent = forms.ChoiceField(
        label="La personne accepte-t-elle que sa situation soit enregistrée dans son dossier pour calculer ses droits ?",  # noqa: E501
        choices=[("yes", "Oui, elle accepte"), ("no", "Non, elle refuse : rien ne sera calculé ni enregistré")],
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la personne accepte."},
    )
    consent_method = forms.ChoiceField(
        label="Forme de l'accord", choices=ConsentMethod.choices, initial=ConsentMethod.ORAL, required=False
    )
    period = forms.CharField(
        label="Mois de la situation",
        max_length=7,
        help_text="Format AAAA-MM. Par défaut le mois en cours.",
        widget=forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"}),
    )
    place = forms.ModelChoiceField(label="Lieu", queryset=Place.objects.none(), required=False)
    couple = forms.ChoiceField(
        label="Situation du foyer",
        choices=[("alone", "Vit seul(e)"), ("couple", "En couple (marié, pacsé ou concubin)")],
        widget=forms.RadioSelect,
        initial="alone",
        error_messages={"required": "Indiquez si la personne vit seule ou en couple."},
    )
    applicant_age = forms.IntegerField(
        label="Âge de la personne",
        min_value=15,
        max_value=120,
        error_messages={
            "required": "Indiquez l'âge de la personne.",
            "min_value": "La personne doit avoir au moins 15 ans.",
            "max_value": "Cet âge paraît faux : vérifiez la saisie.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    partner_age = forms.IntegerField(
        label="Âge du conjoint",
        min_value=15,
        max_value=120,
        required=False,
        error_messages={
            "min_value": "Le conjoint doit avoir au moins 15 ans.",
            "max_value": "Cet âge paraît faux : vérifiez la saisie.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    children = forms.CharField(
        label="Âges des enfants à charge",
        required=False,
        max_length=60,
        help_text="Séparés par des virgules, ex. 3, 7, 15. Laissez vide s'il n'y en a pas.",
    )
    applicant_disability = forms.ChoiceField(label="Handicap de la personne (MDPH)", choices=DISABILITY_CHOICES)
    partner_disability = forms.ChoiceField(
        label="Handicap du conjoint (MDPH)", choices=DISABILITY_CHOICES, required=False
    )
    housing_status = forms.ChoiceField(
        label="Logement", choices=[("", "Ne sait pas"), *HOUSING_LABELS.items()], required=False
    )
    rent = money_field(
        "Loyer mensuel hors charges (€)",
        MAX_RENT,
        "Ce loyer paraît trop élevé : vérifiez la saisie (loyer mensuel, en euros).",
    )
    commune = ResidenceField()
    applicant_unknown = forms.BooleanField(label="Ressources de la personne encore inconnues", required=False)
    partner_unknown = forms.BooleanField(label="Ressources du conjoint encore inconnues", required=False)
    received = forms.MultipleChoiceField(
        label="Droits déjà perçus",
        choices=Right.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ils sont affichés sans être ajoutés au suivi.",
    )

    def __init__(self, *args: Any, structure: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for adult in ADULTS:
            who = "de la personne" if adult == "applicant" else "du conjoint"
            for kind, label in RESOURCE_LABELS.items():
                self.fields[f"{adult}_{kind}"] = money_field(
                    f"{label.capitalize()} {who} (€ par mois)",
                    MAX_MONTHLY,
                    "Ce montant paraît trop élevé : vérifiez la saisie (moyenne mensuelle, en euros).",
                )
        commune = self.fields["commune"]
        commune.label = "Commune du logement"
        self.fields["place"].queryset = Place.objects.filter(structure=structure).order_by("name")  # type: ignore[attr-defined]
        if not self.is_bound and self.initial.get("commune") and not isinstance(self.initial["commune"], str):
            self.initial["commune"] = label_of(self.initial["commune"])
        self.initial.setdefault("period", this_month())

    def resource_rows(self) -> list[tuple[str, Any, Any]]:
        """(kind label, the applicant's field, the partner's field) for the resources table."""
        return [
            (label.capitalize(), self[f"applicant_{kind}"], self[f"partner_{kind}"])
            for kind, label in RESOURCE_LABELS.items()
        ]

    @property
    def residence_suggestions(self) -> list[Suggestion]:
        if not self.is_bound or "commune" not in self.errors:
            return []
        return suggestions(str(self.data.get(self.add_prefix("commune"), "")))

    @property
    def refused(self) -> bool:
        """The person said no: the view stores nothing, whatever else the form holds."""
        return self.is_bound and self.data.get(self.add_prefix("consent")) == "no"

    def clean_period(self) -> str:
        value = self.cleaned_data["period"].strip()
        match = PERIOD_RE.match(value)
        if not match:
            raise forms.ValidationError("Indiquez le mois au format AAAA-MM, ex. 2026-12.")
        if value > this_month():
            raise forms.ValidationError("Le mois de la situation ne peut pas être dans le futur.")
        if value < FIRST_PERIOD:
            raise forms.ValidationError("Le calcul couvre les situations depuis janvier 2014.")
        return value

    def clean_children(self) -> list[int]:
        text = self.cleaned_data["children"].strip().strip(",")
        if not text:
            return []
        parts = [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]
        if not all(part.isdigit() and int(part) <= 25 for part in parts):
            raise forms.ValidationError("Indiquez des âges entre 0 et 25 ans, séparés par des virgules.")
        if len(parts) > MAX_CHILDREN:
            raise forms.ValidationError(f"Au plus {MAX_CHILDREN} enfants : vérifiez la saisie.")
        return sorted(int(part) for part in parts)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        couple = data.get("couple") == "couple"
        if couple and data.get("partner_age") is None and "partner_age" not in self.errors:
            self.add_error("partner_age", "Indiquez l'âge du conjoint (le foyer est en couple).")
        if not couple and data.get("couple"):
            typed = [kind for kind in RESOURCE_LABELS if data.get(f"partner_{kind}")]
            if data.get("partner_age") is not None or typed:
                self.add_error(
                    "couple",
                    "Des informations sur un conjoint sont saisies : choisissez « En couple » ou effacez-les.",
                )
        if data.get("rent") and data.get("housing_status") not in RENTING:
            self.add_error("rent", "Le loyer ne concerne que les locataires : choisissez le logement ou effacez-le.")
        if data.get("consent") == "yes" and not data.get("consent_method"):
            self.add_error("consent_method", "Indiquez la forme de l'accord.")
        return data

    def situation(self) -> dict[str, Any]:
        """The situation JSON of `rights/screening.py`, from a valid form."""
        data = self.cleaned_data
        couple = data["couple"] == "couple"

        def adult(role: str) -> dict[str, Any]:
            resources = None
            if not data.get(f"{role}_unknown"):
                resources = {
                    kind: str(data[f"{role}_{kind}"]) for kind in RESOURCE_LABELS if data.get(f"{role}_{kind}")
                }
            return {
                "age": data[f"{role}_age"],
                "disability": data.get(f"{role}_disability") or "none",
                "resources": resources,
            }

        commune = data.get("commune")
        return {
            "couple": couple,
            "applicant": adult("applicant"),
            "partner": adult("partner") if couple else None,
            "children": data["children"],
            "housing_status": data.get("housing_status") or None,
            "rent": None if data.get("rent") is None else str(data["rent"]),
            "commune_code": commune.code if commune is not None else "",
            "received": sorted(data.get("received") or []),
            "ages_on": period_start(data["period"]).isoformat(),
        }


def period_start(period: str) -> dt.date:
    year, month = (int(part) for part in period.split("-"))
    return dt.date(year, month, 1)


def initial_from(situation: dict[str, Any] | None, *, birth_date: dt.date | None, commune: Any) -> dict[str, Any]:
    """The form's initial values: the last screening's situation (ages moved on to today), else what
    the file holds (the person's age from the birth date, the commune of the last request)."""
    from maillage.rights.screening import aged

    today = timezone.localdate()
    initial: dict[str, Any] = {"period": this_month(), "consent_method": ConsentMethod.ORAL}
    if commune is not None:
        initial["commune"] = commune
    if birth_date is not None:
        from maillage.rights.screening import years_between

        initial["applicant_age"] = years_between(birth_date, today)
    if situation is None:
        return initial
    situation = aged(situation, today)
    initial.update(
        couple="couple" if situation.get("couple") else "alone",
        children=", ".join(str(age) for age in situation.get("children", [])),
        housing_status=situation.get("housing_status") or "",
        rent=situation.get("rent"),
        received=situation.get("received", []),
    )
    for role in ADULTS:
        adult = situation.get(role)
        if not adult:
            continue
        initial.setdefault(f"{role}_age", adult["age"])
        initial[f"{role}_disability"] = adult.get("disability", "none")
        if adult.get("resources") is None:
            initial[f"{role}_unknown"] = True
        for kind, amount in (adult.get("resources") or {}).items():
            initial[f"{role}_{kind}"] = Decimal(amount)
    return initial
