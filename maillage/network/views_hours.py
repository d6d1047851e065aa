"""Live preview of the opening hours editor: the OSM string, open or closed now, the next 7 days."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.lib.opening_hours import status_at, week_table
from maillage.network.hours import HoursInput


@require_http_methods(["GET", "POST"])
def hours_preview(request: HttpRequest) -> HttpResponse:
    """HTML fragment for the editor; reads the same field names as `OpeningHoursWidget`."""
    data = request.POST if request.method == "POST" else request.GET
    name = request.GET.get("field") or data.get("field") or "opening_hours"
    expression, errors, raw_used = HoursInput.from_data(data, name).resolve()
    now = timezone.now()
    status = status_at(expression, now) if expression and not errors else None
    context = {
        "expression": expression,
        "errors": errors,
        "raw_used": raw_used,
        "status": status,
        "change": status.change_text if status else "",
        "week": week_table(expression, now) if status else [],
    }
    return render(request, "network/_hours_preview.html", context)
