"""Network indicators page (`/pilotage/indicateurs/`) and its CSV download.

Who: structure managers (their structures), network coordinators (their networks and the
structures in them), administrators (everything). The scope choices are built from what the user
may manage, so an id from elsewhere is just an unknown choice, reported in French on the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.accounts.enums import Role
from maillage.accounts.scoping import managed_structure_filter
from maillage.forms_ui import StyledFormMixin
from maillage.lib.spreadsheet import CellValue, csv_text
from maillage.network.models import Place, Structure
from maillage.replica import reads_from_replica
from maillage.reports.completeness import PARTIAL
from maillage.reports.forms import mark_filterable
from maillage.reports.indicators import MESH_DISTANCES, NetworkIndicators, Scope, compute_indicators
from maillage.reports.period import EXPECTED, PeriodError, parse_period
from maillage.territory.forms import networks_for

ALLOWED_ROLES = {Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}
DEFAULT_DISTANCE = 10


@dataclass(frozen=True)
class ScopeOptions:
    """Every scope a user may choose, by form value (`network:<uuid>`, `structure:<uuid>`, `departement:<code>`)."""

    scopes: dict[str, Scope]

    @classmethod
    def for_user(cls, user: Any) -> ScopeOptions:
        structures = list(
            Structure.objects.filter(managed_structure_filter(user))
            .order_by("name")
            .values_list("id", "uuid", "name", "network_id")
        )
        ids = {pk for pk, *_ in structures}
        scopes: dict[str, Scope] = {}
        for network in networks_for(user):
            members = frozenset(pk for pk, _, _, network_id in structures if network_id == network.pk)
            scopes[f"network:{network.uuid}"] = Scope("network", str(network.uuid), network.name, members)
        for pk, uuid, name, _ in structures:
            scopes[f"structure:{uuid}"] = Scope("structure", str(uuid), name, frozenset({pk}))
        located = (
            Place.objects.filter(structure_id__in=ids)
            .order_by("commune__departement_id")
            .values_list("structure_id", "commune__departement_id", "commune__departement__name")
            .distinct()
        )
        by_departement: dict[tuple[str, str], set[int]] = {}
        for structure_id, code, name in located:
            by_departement.setdefault((code, name), set()).add(structure_id)
        for (code, name), found in by_departement.items():
            scopes[f"departement:{code}"] = Scope("departement", code, f"{name} ({code})", frozenset(found), code)
        return cls(scopes)

    def choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups = {"network": "Réseaux", "structure": "Structures", "departement": "Départements"}
        return [
            (title, [(value, scope.label) for value, scope in self.scopes.items() if scope.kind == kind])
            for kind, title in groups.items()
            if any(scope.kind == kind for scope in self.scopes.values())
        ]


class IndicatorsForm(StyledFormMixin, forms.Form):
    scope = forms.ChoiceField(
        label="Périmètre",
        error_messages={
            "required": "Choisissez un périmètre.",
            "invalid_choice": "Ce périmètre n'existe pas ou ne fait pas partie de ceux que vous suivez.",
        },
    )
    period = forms.CharField(
        label="Période", max_length=30, help_text=EXPECTED, error_messages={"required": "Indiquez une période."}
    )
    distance = forms.TypedChoiceField(
        label="Distance du maillage",
        choices=[(str(km), f"{km} km") for km in MESH_DISTANCES],
        coerce=int,
        error_messages={"invalid_choice": "Choisissez une distance de 5, 10, 20 ou 30 km."},
        help_text="À vol d'oiseau, entre le centre d'une commune et le lieu le plus proche.",
    )

    def __init__(self, data: dict[str, str], *, options: ScopeOptions) -> None:
        super().__init__(data)
        self.options = options
        field = self.fields["scope"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = options.choices()
        mark_filterable(field, field.choices)

    def clean_period(self) -> Any:
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def chosen_scope(self) -> Scope:
        return self.options.scopes[self.cleaned_data["scope"]]


def _require_role(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.roles() & ALLOWED_ROLES:
        raise PermissionDenied("Réservé aux responsables de structure, à la coordination et à l'administration.")
    return user


@require_GET
@reads_from_replica
def indicators(request: HttpRequest) -> HttpResponse:
    user = _require_role(request)
    options = ScopeOptions.for_user(user)
    defaults = {
        "scope": next(iter(options.scopes), ""),
        "period": str(timezone.localdate().year),
        "distance": str(DEFAULT_DISTANCE),
    }
    form = IndicatorsForm({**defaults, **request.GET.dict()}, options=options)
    result = None
    if options.scopes and form.is_valid():
        result = compute_indicators(form.chosen_scope(), form.cleaned_data["period"], form.cleaned_data["distance"])
    if request.GET.get("format") == "csv":
        if result is None:
            errors = " ".join(str(message) for messages in form.errors.values() for message in messages)
            return HttpResponseBadRequest(f"Paramètres invalides : {errors}", content_type="text/plain; charset=utf-8")
        return indicators_csv(result)
    if request.GET.get("format") == "reseau" and result is not None and result.people is not None:
        return people_csv(result)  # the people figures of `maillage.people` (places, training needs, moves)
    csv_query = urlencode({name: form.data[name] for name in form.fields} | {"format": "csv"})
    people_query = urlencode({name: form.data[name] for name in form.fields} | {"format": "reseau"})
    context = {"form": form, "result": result, "has_scopes": bool(options.scopes), "csv_query": csv_query}
    context["people_query"] = people_query
    return render(request, "reports/indicators.html", context)


def _number(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else f"{value:.{decimals}f}".replace(".", ",")


CSV_HEADER = [
    "perimetre",
    "periode",
    "famille",
    "code",
    "indicateur",
    "valeur",
    "unite",
    "numerateur",
    "denominateur",
    "periode_precedente",
    "valeur_precedente",
    "evolution",
    "unite_evolution",
    "definition",
    "valeur_min",
    "valeur_max",
    "non_pris_en_compte",
]
CSV_UNITS = {"share": "%", "count": "nombre", "per_10000": "pour 10 000 habitants"}
# A share changes in percentage points (60 % then 63,2 %: 3,2 points), never in percent of a percent.
CHANGE_UNITS = {"share": "points de pourcentage", "count": "nombre", "per_10000": "pour 10 000 habitants"}


def indicators_csv(result: NetworkIndicators) -> HttpResponse:
    """One row per indicator; `;` separated, decimal commas, UTF-8 with a BOM for spreadsheets.

    A figure that cannot be computed exactly has no `valeur`: its bounds are in `valeur_min` and
    `valeur_max` (empty when unbounded) and what was left out in `non_pris_en_compte`."""
    rows: list[list[CellValue]] = [list(CSV_HEADER)]
    for family in result.families:
        for item in family.indicators:
            rows.append(
                [
                    result.scope.label,
                    result.period.code,
                    family.title,
                    item.code,
                    item.label,
                    _number(item.value, 0 if item.kind == "count" else 2),
                    CSV_UNITS[item.kind],
                    item.numerator,
                    item.denominator,
                    result.previous_period.code if item.compared else "",
                    _number(item.previous_value, 2),
                    PARTIAL if item.not_compared_as_partial else _number(item.change, 2),
                    CHANGE_UNITS[item.kind] if item.compared else "",
                    item.definition,
                    "" if item.exact else _number(item.low, 0 if item.kind == "count" else 2),
                    "" if item.exact else _number(item.high, 0 if item.kind == "count" else 2),
                    item.missing,
                ]
            )
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    name = f"indicateurs-{result.scope.kind}-{result.scope.key}-{result.period.code.replace(':', '_')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def people_csv(result: NetworkIndicators) -> HttpResponse:
    from maillage.people.tables import people_rows

    assert result.people is not None
    response = HttpResponse(
        csv_text(people_rows(result.people, result.scope.label, result.period.code)),
        content_type="text/csv; charset=utf-8",
    )
    name = f"reseau-{result.scope.kind}-{result.scope.key}-{result.period.code.replace(':', '_')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
