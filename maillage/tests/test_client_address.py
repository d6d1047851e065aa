"""The client's address behind trusted proxies, and the survey flood limit that keys on it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from maillage.client_address import client_address


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # the forged left entry is not used
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.2", "198.51.100.9"),
        (2, "198.51.100.9", "10.0.0.1"),  # fewer hops than proxies: misconfigured
        (1, "pas-une-adresse", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address(count: int, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(request) == expected


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_login_lockout_reads_the_same_address() -> None:
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert get_client_ip_address(request) == "198.51.100.9"


def test_without_trusted_proxy_the_api_limit_ignores_a_forged_header() -> None:
    """django-ninja reads its proxy count once at start-up (NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT):
    by default (0) a client cannot pick its own rate-limit key with X-Forwarded-For."""
    from ninja.throttling import AnonRateThrottle

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AnonRateThrottle("10/m").get_ident(request) == "10.0.0.1"
