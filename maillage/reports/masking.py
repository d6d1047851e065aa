"""Small-cell masking for partners: no figure about fewer than 5 people is ever shown to them.

A cell under the threshold is masked; when a breakdown would then have exactly one masked cell
next to a visible total, the next smallest cell is masked too, so the hidden value cannot be
found by subtraction (secondary suppression). The previous period's column is masked the same
way, on its own people counts, and a change is shown only between two visible values.
"""

from __future__ import annotations

from typing import Any

from maillage.reports.compute import SMALL, Breakdown, Cell, Report

MASK = "< 5"


def _mask_breakdown(breakdown: Breakdown, total_masked: bool, previous_total_masked: bool) -> None:
    for cell in breakdown.cells:
        cell.masked = total_masked or cell.people < SMALL
    hidden = [c for c in breakdown.cells if c.masked]
    visible = sorted((c for c in breakdown.cells if not c.masked), key=lambda c: (c.people, c.requests))
    if len(hidden) == 1 and visible:
        visible[0].masked = True
    _mask_previous(breakdown.cells, previous_total_masked)
    breakdown.cells = [c for c in breakdown.cells if _shown(c)]


def _shown(cell: Cell) -> bool:
    """A row is listed only with activity in the period."""
    return bool(cell.requests or cell.people)


def _mask_previous(cells: list[Cell], total_masked: bool) -> None:
    """Previous values under 5 people are masked; a row not shown (no activity now) hides its
    previous value too, so it counts as hidden when deciding on secondary suppression."""
    compared = [c for c in cells if c.previous_requests]
    for cell in compared:
        cell.previous_masked = total_masked or cell.previous_people < SMALL
    hidden = [c for c in compared if c.previous_masked or not _shown(c)]
    visible = sorted(
        (c for c in compared if _shown(c) and not c.previous_masked),
        key=lambda c: (c.previous_people, c.previous_requests),
    )
    if len(hidden) == 1 and visible:
        visible[0].previous_masked = True


def mask(report: Report) -> None:
    report.masked = True
    report.totals.masked = report.totals.people < SMALL
    report.previous.masked = report.previous.people < SMALL
    for breakdown in report.breakdowns:
        _mask_breakdown(breakdown, report.totals.masked, report.previous.masked)
    figures = report.referrals
    for name in ("sent", "sent_external", "received"):
        if 0 < getattr(figures, name) < SMALL:
            figures.masked.add(name)
    for label, count in figures.by_status.items():
        if 0 < count < SMALL:
            figures.masked.add(label)
    if report.surveys is not None:
        _mask_surveys(report)
    if report.rights is not None:
        _mask_rights(report)
    if report.workshops is not None:
        _mask_workshops(report)
    if report.vouchers is not None:
        _mask_vouchers(report)
    if report.outreach is not None:
        _mask_people_rows(report.outreach, tiebreak="attempts")
    if report.waiting is not None:
        _mask_people_rows(report.waiting, tiebreak="label")  # each visit is one person
    if report.social_value is not None:
        _mask_social_value(report)


def _mask_vouchers(report: Report) -> None:
    _mask_people_rows(report.vouchers, tiebreak="redeemed")


def _mask_rights(report: Report) -> None:
    _mask_people_rows(report.rights, tiebreak="identified")


def _mask_workshops(report: Report) -> None:
    _mask_people_rows(report.workshops, tiebreak="registrations")


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


def _mask_people_rows(figures: Any, *, tiebreak: str) -> None:
    """Rows about fewer than 5 people (`people`) show "< 5"; when a breakdown hides one row only, its
    smallest visible row (by people, then `tiebreak`) is hidden too, so the total cannot give it away."""
    assert figures is not None
    figures.total.masked = figures.total.people < SMALL
    for _key, _title, rows in figures.breakdowns():
        for row in rows:
            row.masked = figures.total.masked or row.people < SMALL
        hidden = [r for r in rows if r.masked]
        visible = sorted((r for r in rows if not r.masked), key=lambda r: (r.people, getattr(r, tiebreak)))
        if len(hidden) == 1 and visible:
            visible[0].masked = True


def _mask_social_value(report: Report) -> None:
    """Rows about fewer than 5 people are masked; rights amounts about fewer than 5 persons too."""
    figures = report.social_value
    assert figures is not None
    _mask_people_rows(figures, tiebreak="requests")
    for row in [figures.total, *figures.value.by_partner]:
        row.rights_masked = row.masked or (0 < row.rights_people < SMALL)
