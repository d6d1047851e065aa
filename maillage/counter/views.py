"""The counter screen: record requests in seconds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def counter(request: HttpRequest) -> HttpResponse:
    return render(request, "counter/counter.html", {})
