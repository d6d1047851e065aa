"""Pilotage pages: the activity report and its exports (filled in by the Pilotage issue)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def report_view(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report.html", {})
