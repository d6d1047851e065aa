"""The printable mandate attestation: HTML rendered by Django, turned into an A4 PDF by WeasyPrint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.counter.models import Mandate

if TYPE_CHECKING:
    from weasyprint import URLFetcher

TEMPLATE = "counter/persons/mandate_attestation_pdf.html"


def local_only_fetcher() -> URLFetcher:
    """WeasyPrint never fetches anything: the template carries its CSS inline; only data: URLs pass."""
    from weasyprint import URLFetcher  # imported on use: it is slow to load and only PDFs need it

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def render_html(mandate: Mandate) -> str:
    person = mandate.person
    return render_to_string(
        TEMPLATE,
        {
            "mandate": mandate,
            "person": person,
            "structure": person.structure,
            "domains": mandate.domain_labels,
            "printed_on": timezone.localdate(),
            "retention_months": settings.PERSON_RETENTION_MONTHS,
        },
    )


def render_pdf(mandate: Mandate) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=render_html(mandate), base_url=None, url_fetcher=local_only_fetcher()).write_pdf()
    assert pdf is not None
    return pdf
