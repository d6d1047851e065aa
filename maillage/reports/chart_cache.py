"""A report's bar charts as SVG, drawn once per distinct content and kept in the shared cache.

The report page does not draw its charts (matplotlib took 80 % of its time): each chart is an image
whose address carries what it draws (the table's key and title, the bars' labels and requests),
signed with the secret key so that only charts of a page we rendered can be asked for. The chart
view draws it on its first request and keeps the SVG in the shared cache under a hash of that
address: the same figures are drawn once for every worker and every viewer, and other figures get
another address, so a cached drawing never goes stale. No query and no drawing on the page itself.
"""

from __future__ import annotations

import hashlib

from django.core import signing
from django.core.cache import caches
from django.urls import reverse

from maillage.reports.tables import Table

# Change it when charts.bar_svg draws differently: every chart gets a new address.
DRAWING = "bar-2"  # bar-2: the SVG written directly, without a plotting library
SALT = "maillage.reports.chart"
SECONDS = 7 * 24 * 3600


def _content(table: Table) -> list[object]:
    """What charts.bar_svg draws of a table (charts.bars), nothing else."""
    from maillage.reports.charts import bars

    return [DRAWING, table.key, table.title, [[label, value] for label, value in bars(table)]]


def _token(table: Table) -> str:
    """Signed without a timestamp: the same figures always give the same address."""
    return signing.Signer(salt=SALT).sign_object(_content(table), compress=True)


def chart_url(table: Table) -> str:
    return reverse("reports:chart", args=[_token(table)])


def cache_key(token: str) -> str:
    return "report-chart-svg:" + hashlib.sha256(token.encode()).hexdigest()[:40]


def chart_svg(token: str) -> str | None:
    """The drawing an address of `chart_url` asks for (from the cache, or drawn now); None if forged."""
    cache = caches["shared"]
    svg = cache.get(cache_key(token))
    if svg is not None:
        return str(svg)
    try:
        drawing, key, title, rows = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if drawing != DRAWING:
        return None
    from maillage.reports.charts import bar_svg

    svg = bar_svg(Table(key, title, ["", "", ""], [[label, None, value] for label, value in rows], chart=True))
    cache.set(cache_key(token), svg, SECONDS)
    return svg


def cached_svg(table: Table) -> str:
    """The chart of `table` from the shared cache, drawn and stored on a miss (for the PDF)."""
    svg = chart_svg(_token(table))
    assert svg is not None
    return svg
