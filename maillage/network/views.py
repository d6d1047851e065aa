"""Back office for structure managers: places, hours, partners, agreements, staff."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.network.models import Place, Structure


def dashboard(request: HttpRequest) -> HttpResponse:
    structures = Structure.objects.for_user(request.user).select_related("network")  # type: ignore[arg-type]
    places = Place.objects.for_user(request.user).select_related("structure", "commune")  # type: ignore[arg-type]
    return render(request, "network/dashboard.html", {"structures": structures, "places": places})
