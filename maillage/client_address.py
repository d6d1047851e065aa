"""The address of the person behind a request, for rate limits and lockouts.

Behind a reverse proxy every request comes from the proxy's address. With `TRUSTED_PROXY_COUNT`
set to the number of proxies in front of Maillage, the client is the entry that many places from
the right of X-Forwarded-For (each proxy appends the address it received the request from, so
entries further left may be forged by the client). Without it, REMOTE_ADDR is used and the header
ignored. The same count configures django-allauth's and django-ninja's own rate limits.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    entries = [entry.strip() for entry in str(forwarded).split(",")]
    if len(entries) < count:  # fewer hops than proxies: misconfigured, keep the proxy's view
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote
