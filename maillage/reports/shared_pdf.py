"""The PDF of a shared report link, built once per link, period and figures.

WeasyPrint takes seconds of a worker for a network's report, and a shared link is anonymous: the
PDF goes into the cache every server process sees (`ratelimit.shared_cache()`), under a key made
of the link, the period and a digest of the report's figures. The figures are still computed on
each download (cheap, and they follow the author's rights today); a change in them gives a new key,
so the PDF is rebuilt only when what it shows has changed. Revoked or expired links are refused
before the cache is read (`links.read_token`), and an entry never outlives its link.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils import timezone

from maillage.ratelimit import shared_cache
from maillage.reports.compute import Report
from maillage.reports.exports import to_pdf
from maillage.reports.models import ReportLink
from maillage.reports.tables import heading, tables


def figures_digest(report: Report) -> str:
    """What the PDF shows, except the time it was produced."""
    lines = [line for line in heading(report) if line[0] != "Produit le"]
    content = repr((lines, [(t.key, t.title, t.header, t.rows) for t in tables(report)]))
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def cache_key(link: ReportLink, report: Report) -> str:
    return f"report-link-pdf:{link.uuid}:{report.period.code}:{figures_digest(report)}"


def shared_pdf(link: ReportLink, report: Report) -> bytes:
    cache = shared_cache()
    key = cache_key(link, report)
    pdf = cache.get(key)
    if isinstance(pdf, bytes):
        return pdf
    pdf = to_pdf(report)
    until_expiry = int((link.expires_at - timezone.now()).total_seconds())
    timeout = min(settings.REPORT_LINK_PDF_CACHE_HOURS * 3600, until_expiry)
    if timeout > 0:
        cache.set(key, pdf, timeout)
    return pdf
