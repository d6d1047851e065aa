"""The report form: scope (what the user may read), period, optional partner, co-financing budget."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Network, Partner, Place, Structure
from maillage.reports.cofinancing import KEYS
from maillage.reports.models import TOKEN_DAYS
from maillage.reports.period import Period, PeriodError, parse_period
from maillage.reports.scope import Scope, ScopeError, reachable_structures, resolve_scope

if TYPE_CHECKING:
    from maillage.accounts.models import User


def scope_choices(user: User) -> list[tuple[str, Any]]:
    """Grouped choices "kind:uuid" (or "departement:code") of every scope the user may read (a few queries)."""
    structures = Structure.objects.filter(reachable_structures(user)).order_by("name")
    groups: list[tuple[str, Any]] = []
    if user.is_administrator:
        networks = Network.objects.order_by("name")
    else:
        coordinated = user.memberships.filter(role=Role.NETWORK_COORDINATOR).values("network_id")
        networks = Network.objects.filter(pk__in=coordinated).order_by("name")
    if networks:
        groups.append(("Réseaux", [(f"network:{n.uuid}", n.name) for n in networks]))
    groups.append(("Structures", [(f"structure:{s.uuid}", s.name) for s in structures]))
    places = Place.objects.filter(structure__in=structures).select_related("commune__departement").order_by("name")
    rows = list(places.values_list("uuid", "name", "commune__departement_id", "commune__departement__name"))
    departements = sorted({(code, name) for _, _, code, name in rows})
    if len(structures) > 1 and departements:
        groups.append(("Départements", [(f"departement:{c}", f"{n} ({c})") for c, n in departements]))
    groups.append(("Lieux", [(f"place:{key}", name) for key, name, _, _ in rows]))
    return groups


FILTER_FROM = 15  # a list of more choices gets a filter field (select-filter.js)


def mark_filterable(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    count = sum(len(options) if isinstance(options, list) else 1 for _, options in choices)
    if count > FILTER_FROM:
        field.widget.attrs["data-filter"] = field.label or ""


class ReportForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(label="Périmètre")
    period = forms.CharField(
        label="Période",
        max_length=30,
        help_text="Une année (2025), un trimestre (2025-T3), un mois (2025-07) ou des dates (2025-01-01:2025-06-30).",
    )
    partner = forms.ModelChoiceField(
        label="Partenaire",
        queryset=Partner.objects.order_by("name"),
        required=False,
        empty_label="Tous les partenaires",
        to_field_name="code",
    )
    budget = forms.DecimalField(
        label="Budget annuel à répartir (€)",
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        help_text="Facultatif : ajoute au rapport le tableau de co-financement par partenaire.",
    )
    key = forms.ChoiceField(label="Clé de répartition", choices=list(KEYS.items()), initial="requests", required=False)

    def __init__(self, *args: Any, user: User, fixed_partner: Partner | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fixed_partner = fixed_partner
        self.fields["period"].initial = str(timezone.localdate().year)
        if fixed_partner is not None:
            del self.fields["scope"], self.fields["partner"]
        else:
            choices = scope_choices(user)
            self.fields["scope"].choices = choices  # type: ignore[attr-defined]
            mark_filterable(self.fields["scope"], choices)

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_scope(self) -> Scope:
        kind, _, ident = self.cleaned_data["scope"].partition(":")
        try:
            return resolve_scope(kind, ident, user=self.user)
        except ScopeError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_key(self) -> str:
        return self.cleaned_data.get("key") or "requests"

    def parameters(self) -> dict[str, Any]:
        """What a shared link stores to recompute this report later."""
        data = self.cleaned_data
        scope: Scope | None = data.get("scope")
        partner = self.fixed_partner or data.get("partner")
        return {
            "scope": f"{scope.kind}:{scope.ident}" if scope else None,
            "period": data["period"].code,
            "partner": partner.code if partner else None,
            "budget": str(data["budget"]) if data.get("budget") is not None else None,
            "key": data["key"],
        }


class ShareForm(StyledFormMixin, forms.Form):
    label = forms.CharField(label="Destinataire ou objet", max_length=200, required=False)
    days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        initial=30,
        choices=[(7, "7 jours"), (30, "30 jours"), (90, "90 jours"), (365, "1 an")],
    )


TOKEN_DURATIONS = dict(zip(TOKEN_DAYS, ["30 jours", "90 jours", "6 mois", "1 an (maximum)"], strict=True))


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour le reconnaître dans la liste : l'outil ou le serveur qui l'utilise.",
    )
    days = forms.TypedChoiceField(
        label="Durée de validité",
        coerce=int,
        initial=90,
        choices=list(TOKEN_DURATIONS.items()),
    )
