"""Forms of outreach: a campaign (managers), a contact attempt (the phone screen), the list filters."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from maillage.accounts.models import User
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import OutreachStop, Partner, Structure
from maillage.outreach.models import MAX_ATTEMPT_MINUTES, Campaign
from maillage.territory.models import Commune

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_COMMUNES = 200


class CampaignForm(StyledFormMixin, forms.ModelForm):
    commune_codes = forms.CharField(
        label="Communes du territoire (codes INSEE)",
        required=False,
        help_text="Codes INSEE séparés par des virgules ou des espaces, par exemple 69381, 69388. "
        "Sans commune, tout contact est accepté quelle que soit sa commune.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    budget = forms.DecimalField(
        label="Budget (en euros)",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10_000_000),
        decimal_places=2,
        localize=True,  # « 1500,50 » as typed in French
        help_text="Facultatif : sert au coût par contact établi.",
    )

    class Meta:
        model = Campaign
        fields = ["structure", "kind", "title", "starts_on", "ends_on", "addresses", "target_right", "target_theme"]
        fields += ["partners", "team"]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "addresses": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "team": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, structures: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures.order_by("name")  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Partner.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        self.fields["team"].queryset = team  # type: ignore[attr-defined]
        self.fields["team"].label_from_instance = lambda u: u.get_full_name() or u.email  # type: ignore[attr-defined]
        if self.instance.pk:
            codes = self.instance.communes.order_by("code").values_list("code", flat=True)
            self.initial["commune_codes"] = ", ".join(codes)
            if self.instance.budget_cents is not None:
                self.initial["budget"] = Decimal(self.instance.budget_cents) / 100

    def clean_commune_codes(self) -> list[Commune]:
        codes = sorted({c for c in self.cleaned_data["commune_codes"].replace(",", " ").split() if c})
        if len(codes) > MAX_COMMUNES:
            raise forms.ValidationError(f"{MAX_COMMUNES} communes au plus par campagne.")
        found = {c.code: c for c in Commune.objects.filter(code__in=[c[:5] for c in codes])}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(f"Codes INSEE inconnus : {', '.join(unknown[:10])}.")
        return [found[c] for c in codes]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        structure: Structure | None = data.get("structure")
        team = list(data.get("team") or [])
        members = set(team_candidates([structure]).filter(pk__in=[u.pk for u in team])) if structure else set()
        if structure is not None and len(members) < len(team):
            self.add_error("team", "L'équipe ne compte que des personnes de la structure de la campagne.")
        if data.get("target_right") and data.get("target_theme"):
            self.add_error("target_theme", "Choisissez un droit visé ou un thème, pas les deux.")
        budget = data.get("budget")
        self.instance.budget_cents = None if budget is None else int(budget * 100)
        return data

    def save(self, commit: bool = True) -> Campaign:
        campaign: Campaign = super().save(commit=commit)
        if commit:
            campaign.communes.set(self.cleaned_data["commune_codes"])
        return campaign


def team_candidates(structures: Any) -> Any:
    """People who may join a campaign: mediators and managers of these structures."""
    from maillage.accounts.enums import STRUCTURE_ROLES

    users = User.objects.filter(memberships__role__in=list(STRUCTURE_ROLES), memberships__structure__in=structures)
    return users.distinct().order_by("last_name", "first_name")


class AttemptForm(StyledFormMixin, forms.Form):
    """One screen on a phone: where, how long, a note, then one big button per result."""

    commune = forms.ModelChoiceField(label="Commune", queryset=Commune.objects.none(), required=False)
    commune_code = forms.CharField(label="Ou code INSEE de la commune", required=False, max_length=5)
    stop = forms.ModelChoiceField(label="Étape", queryset=OutreachStop.objects.none(), required=False)
    occurred_at = forms.DateTimeField(
        label="Date et heure", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=0,
        max_value=MAX_ATTEMPT_MINUTES,
        initial=5,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label="Note (facultative)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        communes = campaign.communes.order_by("name")
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        self.fields["stop"].queryset = OutreachStop.objects.filter(  # type: ignore[attr-defined]
            place__structure_id=campaign.structure_id
        ).select_related("commune")
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("client_uuid", uuid.uuid4())  # a double submit stores the attempt once

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("commune_code") or "").strip()
        if not data.get("commune") and code:
            data["commune"] = Commune.objects.filter(code=code).first()
            if data["commune"] is None:
                self.add_error("commune_code", f"Aucune commune n'a le code INSEE « {code} ».")
        stop = data.get("stop")
        if not data.get("commune") and stop is None and "commune_code" not in self.errors:
            self.add_error("commune", "Indiquez la commune du contact (ou une étape).")
        return data


class ListFilterForm(forms.Form):
    who = forms.ChoiceField(choices=[("structure", "Ma structure"), ("mine", "Mes campagnes")], required=False)
    when = forms.ChoiceField(choices=[("current", "En cours et à venir"), ("past", "Passées")], required=False)
