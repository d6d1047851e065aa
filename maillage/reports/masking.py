"""Small-cell masking for partners: no figure about fewer than 5 people is ever shown to them.

A cell under the threshold is masked; when a breakdown would then have exactly one masked cell
next to a visible total, the next smallest cell is masked too, so the hidden value cannot be
found by subtraction (secondary suppression).
"""

from __future__ import annotations

from maillage.reports.compute import SMALL, Breakdown, Report

MASK = "< 5"


def _mask_breakdown(breakdown: Breakdown, total_masked: bool) -> None:
    for cell in breakdown.cells:
        cell.masked = total_masked or cell.people < SMALL
        cell.previous_requests = None  # the previous period's cells are not checked: never shown
    hidden = [c for c in breakdown.cells if c.masked]
    visible = sorted((c for c in breakdown.cells if not c.masked), key=lambda c: (c.people, c.requests))
    if len(hidden) == 1 and visible:
        visible[0].masked = True
    breakdown.cells = [c for c in breakdown.cells if c.requests or c.people]


def mask(report: Report) -> None:
    report.masked = True
    report.totals.masked = report.totals.people < SMALL
    report.previous.masked = report.previous.people < SMALL
    for breakdown in report.breakdowns:
        _mask_breakdown(breakdown, report.totals.masked)
    figures = report.referrals
    for name in ("sent", "sent_external", "received"):
        if 0 < getattr(figures, name) < SMALL:
            figures.masked.add(name)
    for label, count in figures.by_status.items():
        if 0 < count < SMALL:
            figures.masked.add(label)
    if report.surveys is not None:
        _mask_surveys(report)


def _mask_surveys(report: Report) -> None:
    """Survey rows with fewer than 5 answers are dropped from a partner's view."""
    summary = report.surveys
    assert summary is not None
    if summary.total.responses < SMALL:
        report.surveys = None
        return
    from dataclasses import replace

    report.surveys = replace(
        summary,
        by_place=[r for r in summary.by_place if r.responses >= SMALL],
        by_partner=[r for r in summary.by_partner if r.responses >= SMALL],
    )
