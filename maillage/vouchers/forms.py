"""Forms of vouchers: a series, an issue, a redemption by code, a claim, a payment date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from maillage.counter.models import Request
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Network, Partner, Place, Structure
from maillage.vouchers import codes
from maillage.vouchers.enums import RedemptionKind
from maillage.vouchers.models import MAX_FACE_VALUE_CENTS, VoucherSeries
from maillage.workshops.models import Session

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class SeriesForm(StyledFormMixin, forms.ModelForm):
    owner = forms.ChoiceField(label="Série de", help_text="La structure ou le réseau qui distribue ces bons.")
    face_value = forms.DecimalField(
        label="Valeur faciale (€)",
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(MAX_FACE_VALUE_CENTS) / 100,
        help_text="Ex. 10,00 pour un pass numérique de 10 €.",
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = VoucherSeries
        fields = [
            "name",
            "funder_partner",
            "funder_name",
            "valid_from",
            "valid_until",
            "target",
            "target_detail",
            "prefix",
        ]
        widgets = {"valid_from": DATE_INPUT, "valid_until": DATE_INPUT}

    def __init__(self, *args: Any, structures: list[Structure], networks: list[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [(f"structure:{s.pk}", s.name) for s in structures] + [
            (f"network:{n.pk}", f"Réseau {n.name}") for n in networks
        ]
        self.fields["funder_partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        self._owners = {f"structure:{s.pk}": s for s in structures} | {f"network:{n.pk}": n for n in networks}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("funder_partner") and not (data.get("funder_name") or "").strip():
            self.add_error("funder_name", "Indiquez le financeur : un partenaire ou un autre nom.")
        if data.get("target") == "other" and not (data.get("target_detail") or "").strip():
            self.add_error("target_detail", "Précisez le public visé.")
        owner = self._owners.get(data.get("owner", ""))
        self.instance.structure = owner if isinstance(owner, Structure) else None
        self.instance.network = owner if isinstance(owner, Network) else None
        if data.get("face_value") is not None:
            self.instance.face_value_cents = int(data["face_value"] * 100)
        return data

    def save(self, commit: bool = True) -> VoucherSeries:
        series: VoucherSeries = super().save(commit=False)
        if commit:
            series.save()
        return series


class IssueForm(StyledFormMixin, forms.Form):
    series = forms.ModelChoiceField(label="Série", queryset=VoucherSeries.objects.none(), empty_label=None)
    structure = forms.ModelChoiceField(
        label="Structure prescriptrice", queryset=Structure.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, structure_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["series"].queryset = (  # type: ignore[attr-defined]
            VoucherSeries.objects.usable_by(structure_ids)
            .filter(valid_until__gte=today)
            .select_related("funder_partner")
        )
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=structure_ids).order_by("name")  # type: ignore[attr-defined]
        if len(structure_ids) == 1:
            self.fields["structure"].widget = forms.HiddenInput()
            self.fields["structure"].initial = next(iter(structure_ids))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        series, structure = data.get("series"), data.get("structure")
        if series and structure and not VoucherSeries.objects.usable_by({structure.pk}).filter(pk=series.pk).exists():
            self.add_error("series", "Cette série n'est pas distribuée par cette structure.")
        return data


class RedeemForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label="Code du bon",
        max_length=40,
        help_text="Tel qu'il est imprimé ; les espaces et les tirets ne comptent pas.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    place = forms.ModelChoiceField(label="Lieu", queryset=Place.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Utilisé pour", choices=RedemptionKind.choices, initial=RedemptionKind.REQUEST)
    request = forms.ModelChoiceField(
        label="Demande enregistrée",
        queryset=Request.objects.none(),
        required=False,
        empty_label="Aucune (pas encore enregistrée)",
        help_text="Facultatif : une de vos demandes d'aujourd'hui, à ce lieu.",
    )
    workshop = forms.ModelChoiceField(
        label="Atelier",
        queryset=Session.objects.none(),
        required=False,
        empty_label="Aucun",
        help_text="Pour une utilisation en atelier : un atelier de ce lieu (de la semaine passée au mois à venir).",
    )

    def __init__(self, *args: Any, structure_ids: set[int], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(structure_id__in=structure_ids).order_by("name")  # type: ignore[attr-defined]
        self.fields["request"].queryset = (  # type: ignore[attr-defined]
            Request.objects.filter(mediator=user, structure_id__in=structure_ids)
            .on_day(timezone.localdate())
            .order_by("-occurred_at")
        )
        now = timezone.now()
        self.fields["workshop"].queryset = Session.objects.filter(  # type: ignore[attr-defined]
            structure_id__in=structure_ids,
            cancelled=False,
            starts_at__gte=now - dt.timedelta(days=7),
            starts_at__lte=now + dt.timedelta(days=31),
        ).order_by("starts_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        request, place = data.get("request"), data.get("place")
        if request is not None and data.get("kind") != RedemptionKind.REQUEST:
            self.add_error("request", "Une demande se rattache à une utilisation au guichet.")
        elif request is not None and place is not None and request.place_id != place.pk:
            self.add_error("request", "Cette demande a été enregistrée dans un autre lieu.")
        workshop = data.get("workshop")
        if workshop is not None and data.get("kind") != RedemptionKind.WORKSHOP:
            self.add_error("workshop", "Un atelier se rattache à une utilisation en atelier.")
        elif workshop is not None and place is not None and workshop.place_id != place.pk:
            self.add_error("workshop", "Cet atelier a lieu dans un autre lieu.")
        return data

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if not codes.is_valid(code):
            raise forms.ValidationError(
                "Ce code n'existe pas : un caractère a sans doute été mal recopié. Vérifiez-le sur le bon."
            )
        return code


class ClaimForm(StyledFormMixin, forms.Form):
    structure = forms.ModelChoiceField(label="Structure", queryset=Structure.objects.none(), empty_label=None)
    funder = forms.ChoiceField(label="Financeur")
    month = forms.CharField(
        label="Mois", widget=forms.TextInput(attrs={"type": "month"}), help_text="Au format AAAA-MM, ex. 2026-03."
    )

    def __init__(self, *args: Any, structures: list[Structure], funders: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(pk__in=[s.pk for s in structures])  # type: ignore[attr-defined]
        cast(forms.ChoiceField, self.fields["funder"]).choices = funders

    def clean_month(self) -> dt.date:
        try:
            month = dt.datetime.strptime(self.cleaned_data["month"].strip(), "%Y-%m").date()
        except ValueError as exc:
            raise forms.ValidationError("Indiquez le mois au format AAAA-MM, ex. 2026-03.") from exc
        if month > timezone.localdate() or month.year < 2000:
            raise forms.ValidationError("Choisissez un mois passé ou le mois en cours.")
        return month


class PaidForm(StyledFormMixin, forms.Form):
    paid_at = forms.DateField(label="Payée le", widget=DATE_INPUT, initial=timezone.localdate)

    def clean_paid_at(self) -> dt.date:
        day: dt.date = self.cleaned_data["paid_at"]
        if day > timezone.localdate():
            raise forms.ValidationError("La date de paiement ne peut pas être dans le futur.")
        return day
