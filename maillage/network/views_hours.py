"""Live preview of the opening hours editor: the OSM string, open or closed now, the next 7 days."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.lib.opening_hours import DAY_NAMES, PARIS, Status, status_at, time_text, week_table
from maillage.network.hours import HoursInput

MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def change_text(status: Status | None, now: dt.datetime) -> str:
    """ "Ferme aujourd'hui à 12h", "Ouvre lundi à 9h", "Ouvre mardi 5 janvier à 9h" (French, Paris time)."""
    if status is None or status.next_change is None:
        return ""
    when = status.next_change.astimezone(PARIS)
    days = (when.date() - now.astimezone(PARIS).date()).days
    if days == 0:
        day = "aujourd'hui"
    elif days == 1:
        day = "demain"
    elif days < 7:
        day = DAY_NAMES[when.weekday()]
    else:
        number = "1er" if when.day == 1 else str(when.day)
        day = f"{DAY_NAMES[when.weekday()]} {number} {MONTH_NAMES[when.month - 1]}"
    return f"{'Ferme' if status.is_open else 'Ouvre'} {day} à {time_text(when.time())}"


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
        "change": change_text(status, now),
        "week": week_table(expression, now) if status else [],
    }
    return render(request, "network/_hours_preview.html", context)
