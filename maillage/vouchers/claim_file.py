"""The monthly claim file sent to a funder, as CSV or XLSX: one line per voucher redeemed, then the total.

No identity: a voucher's code, series, value, day and place of use are what a funder checks.
Every cell goes through `maillage.lib.spreadsheet` (text never runs as a formula).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone

from maillage.lib.spreadsheet import CellValue, csv_text, write_cell
from maillage.vouchers.models import Claim

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER: list[CellValue] = ["Code du bon", "Série", "Valeur (€)", "Utilisé le", "Lieu", "Utilisé pour"]


def claim_rows(claim: Claim) -> list[list[CellValue]]:
    rows: list[list[CellValue]] = [
        ["Demande de remboursement", claim.funder_label],
        ["Structure", claim.structure.name],
        ["Mois", f"{claim.month:%m/%Y}"],
        [],
        list(HEADER),
    ]
    redemptions = claim.redemptions.select_related("voucher", "voucher__series", "place").order_by("redeemed_at", "pk")
    lines: list[list[CellValue]] = [
        [
            redemption.voucher.code,
            redemption.voucher.series.name,
            Decimal(redemption.amount_cents) / 100,
            timezone.localtime(redemption.redeemed_at).date(),
            redemption.place.name,
            redemption.get_kind_display(),
        ]
        for redemption in redemptions
    ]
    return [*rows, *lines, ["Total", f"{claim.count} bons", Decimal(claim.amount_cents) / 100]]


def claim_csv(claim: Claim) -> str:
    rows = [[f"{v:.2f}".replace(".", ",") if isinstance(v, Decimal) else v for v in row] for row in claim_rows(claim)]
    return csv_text(rows)


def claim_xlsx(claim: Claim) -> bytes:
    from openpyxl import Workbook  # imported on use: only XLSX downloads need it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Remboursement"
    for row_number, row in enumerate(claim_rows(claim), start=1):
        for column, value in enumerate(row, start=1):
            cell = write_cell(sheet, row_number, column, value)
            if isinstance(value, Decimal):
                cell.number_format = '#,##0.00 "€"'
            elif row_number == 5 or value == "Total":
                cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def claim_response(claim: Claim, fmt: str) -> HttpResponse:
    """The claim file as a download, `csv` or `xlsx` (404 otherwise)."""
    if fmt == "csv":
        response = HttpResponse(claim_csv(claim), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(claim_xlsx(claim), content_type=XLSX)
    else:
        raise Http404("Format inconnu.")
    name = f"remboursement-{claim.funder_key}-{claim.month:%Y-%m}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
