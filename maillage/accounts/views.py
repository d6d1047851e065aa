from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    raise NotImplementedError
