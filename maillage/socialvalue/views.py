"""The social-value parameters of a network under /valeur-sociale/: for its coordinators and the
administrators. Every parameter shows its value, unit, source and who set it when."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.enums import Role
from maillage.network.models import Network
from maillage.socialvalue.counters_file import COLUMNS, read_counters
from maillage.socialvalue.figures import parameter_lines
from maillage.socialvalue.forms import CountersFileForm, NetworkParametersForm, PartnerParametersForm
from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters

REFUSED = "Les paramètres de valeur sociale sont réservés à la coordination des réseaux et aux administrateurs."


def _networks(request: HttpRequest) -> Any:
    user: Any = request.user
    if user.is_administrator:
        return Network.objects.all()
    if Role.NETWORK_COORDINATOR not in user.roles():
        raise PermissionDenied(REFUSED)
    ids = user.memberships.filter(role=Role.NETWORK_COORDINATOR).values_list("network_id", flat=True)
    return Network.objects.filter(pk__in=ids)


def get_network_for_user(request: HttpRequest, uuid: Any) -> Network:
    """The network the user coordinates (or any, for an administrator); 404 for another one."""
    network: Network = get_object_or_404(_networks(request), uuid=uuid)
    return network


def network_list(request: HttpRequest) -> HttpResponse:
    networks = list(_networks(request).order_by("name"))
    return render(request, "socialvalue/list.html", {"networks": networks})


def _page(request: HttpRequest, network: Network, **forms: Any) -> HttpResponse:
    parameters = SocialValueParameters.for_network(network)
    partner_rows = PartnerParameters.objects.filter(network=network).select_related("partner").order_by("partner__name")
    counters = list(PartnerCounter.objects.filter(network=network).select_related("partner", "commune", "imported_by"))
    by_pair = {(network.pk, p.partner_id): p for p in partner_rows}
    found: dict[tuple[int, int], list[tuple[float, float]]] = {}
    imports: dict[tuple[int, int], str] = {}
    names = {p.partner_id: p.partner.name for p in partner_rows}
    for counter in counters:
        key = (network.pk, counter.partner_id)
        found.setdefault(key, []).append((counter.lat, counter.lon))
        who = counter.imported_by.email if counter.imported_by else "Commande en ligne"
        imports[key] = f"{who}, le {timezone.localtime(counter.imported_at):%d/%m/%Y}"
        names[counter.partner_id] = counter.partner.name
    lines = parameter_lines({network.pk: parameters}, by_pair, found, imports, names, several=False)
    context = {
        "lines": lines,
        "network": network,
        "parameters": parameters,
        "partner_rows": partner_rows,
        "counters": counters,
        "columns": COLUMNS,
        "form": forms.get("form") or NetworkParametersForm(instance=parameters),
        "partner_form": forms.get("partner_form") or PartnerParametersForm(),
        "file_form": forms.get("file_form") or CountersFileForm(),
        "import_errors": forms.get("import_errors", []),
    }
    return render(request, "socialvalue/parameters.html", context, status=400 if forms else 200)


def parameters(request: HttpRequest, uuid: Any) -> HttpResponse:
    network = get_network_for_user(request, uuid)
    if request.method != "POST":
        return _page(request, network)
    form = NetworkParametersForm(request.POST, instance=SocialValueParameters(network=network))
    if not form.is_valid():
        return _page(request, network, form=form)
    current = SocialValueParameters.for_network(network)
    changed = current.apply(request.user, {name: form.cleaned_data[name] for name in form.Meta.fields})  # type: ignore[arg-type]
    messages.success(request, "Paramètres enregistrés." if changed else "Aucun changement.")
    return redirect("socialvalue:parameters", network.uuid)


@require_POST
def partner_parameters(request: HttpRequest, uuid: Any) -> HttpResponse:
    network = get_network_for_user(request, uuid)
    form = PartnerParametersForm(request.POST)
    if not form.is_valid():
        return _page(request, network, partner_form=form)
    partner = form.cleaned_data["partner"]
    PartnerParameters.for_pair(network, partner).apply(request.user, form.values())  # type: ignore[arg-type]
    messages.success(request, f"Paramètres du partenaire {partner.name} enregistrés.")
    return redirect("socialvalue:parameters", network.uuid)


@require_POST
def counters_import(request: HttpRequest, uuid: Any) -> HttpResponse:
    network = get_network_for_user(request, uuid)
    form = CountersFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, network, file_form=form)
    upload = form.cleaned_data["file"]
    result = read_counters(upload.read(), upload.name)
    if result.errors:
        return _page(request, network, file_form=CountersFileForm(), import_errors=result.errors)
    PartnerCounter.replace_all(network, result.counters, request.user)  # type: ignore[arg-type]
    summary = ", ".join(f"{name} : {n}" for name, n in sorted(result.by_partner().items()))
    messages.success(request, f"{len(result.counters)} guichets importés ({summary}).")
    return redirect("socialvalue:parameters", network.uuid)
