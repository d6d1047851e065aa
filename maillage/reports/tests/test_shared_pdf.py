"""A shared report link's PDF is built once per link and figures, and the link is rate-limited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.ratelimit import shared_cache
from maillage.reports.links import token_for
from maillage.reports.models import ReportLink
from maillage.reports.tests.helpers import seed

MARKER = b"%PDF-1.7 the copy kept in the shared cache"


def _link(cast: Any) -> ReportLink:
    return ReportLink.objects.create(
        label="CAF du Rhône",
        parameters={
            "scope": f"structure:{cast.structure_a.uuid}",
            "period": "2025",
            "partner": None,
            "budget": None,
            "key": "requests",
        },
        created_by=cast.manager_a,
    )


def _pdf_keys(link: ReportLink) -> list[str]:
    """The shared cache's keys for this link's PDF, read from the database cache table."""
    table = connection.ops.quote_name(shared_cache()._table)
    with connection.cursor() as cursor:
        query = f"SELECT cache_key FROM {table} WHERE cache_key LIKE %s"  # noqa: S608 (table name from settings)
        cursor.execute(query, [f"%report-link-pdf:{link.uuid}:%"])
        return [row[0].split(":", 2)[2] for row in cursor.fetchall()]  # without the ":1:" version prefix


def test_shared_pdf_is_built_once_then_served_from_the_shared_cache(cast: Any) -> None:
    seed(cast, visits=10)
    link = _link(cast)
    url = reverse("reports:shared", args=[token_for(link)])
    first = Client().get(url, {"format": "pdf"})
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")
    [key] = _pdf_keys(link)
    assert shared_cache().get(key) == first.content
    shared_cache().set(key, MARKER)  # a rebuild would replace it with a fresh WeasyPrint document
    second = Client().get(url, {"format": "pdf"})
    assert second.content == MARKER
    assert second["Content-Type"] == "application/pdf"


def test_shared_pdf_is_rebuilt_when_the_figures_change(cast: Any) -> None:
    seed(cast, visits=10)
    link = _link(cast)
    url = reverse("reports:shared", args=[token_for(link)])
    Client().get(url, {"format": "pdf"})
    [key] = _pdf_keys(link)
    shared_cache().set(key, MARKER)
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        occurred_at=dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC),
    )
    rebuilt = Client().get(url, {"format": "pdf"})
    assert rebuilt.content.startswith(b"%PDF")
    assert rebuilt.content != MARKER
    assert len(_pdf_keys(link)) == 2


def test_revoked_or_expired_link_never_serves_its_cached_pdf(cast: Any) -> None:
    seed(cast, visits=10)
    link = _link(cast)
    url = reverse("reports:shared", args=[token_for(link)])
    Client().get(url, {"format": "pdf"})
    assert _pdf_keys(link)
    link.revoke()
    revoked = Client().get(url, {"format": "pdf"})
    assert revoked.status_code == 410
    assert not revoked.content.startswith(b"%PDF")
    now = timezone.now()
    ReportLink.objects.filter(pk=link.pk).update(
        revoked_at=None, created_at=now - dt.timedelta(days=31), expires_at=now - dt.timedelta(days=1)
    )
    assert Client().get(url, {"format": "pdf"}).status_code == 410


def test_shared_link_is_rate_limited_in_french(cast: Any, settings: Any) -> None:
    settings.REPORT_LINK_RATE_LIMIT = "3/m"
    link = _link(cast)
    url = reverse("reports:shared", args=[token_for(link)])
    codes = [Client().get(url).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = Client().get(url, {"format": "pdf"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Trop de requêtes" in refused.content.decode()
    assert _pdf_keys(link) == []
