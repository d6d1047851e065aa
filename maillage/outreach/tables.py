"""Rows of the campaign CSV exports (written by `lib/spreadsheet.py`, formula-safe)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.outreach.figures import CampaignRow
from maillage.outreach.models import Campaign


def euros(cents: int | None) -> str:
    return "" if cents is None else f"{Decimal(cents) / 100:.2f}".replace(".", ",")


def cost_label(row: CampaignRow) -> str:
    """« 12,50 € », or why it is not computed (no budget, no contact made)."""
    cost = row.cost_per_contact_cents
    return f"{euros(cost)} €" if cost is not None else row.cost_note


def figure_rows(campaign: Campaign, row: CampaignRow) -> list[list[Any]]:
    return [
        ["Indicateur", "Valeur"],
        ["Campagne", campaign.title],
        ["Type d'action", campaign.get_kind_display()],
        ["Période", f"du {campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y}"],
        ["Contacts tentés", row.attempts],
        ["Contacts établis", row.contacts_made],
        ["Demandes", row.requests],
        ["Orientations", row.referrals],
        ["Orientations clôturées", row.referrals_closed],
        ["Droits identifiés", row.rights_identified],
        ["Droits ouverts", row.rights_opened],
        ["Temps passé (minutes)", row.minutes],
        ["Budget (€)", euros(campaign.budget_cents) or "—"],
        ["Coût par contact établi", cost_label(row)],
    ]


def attempt_rows(attempts: Any) -> list[list[Any]]:
    rows: list[list[Any]] = [["Date", "Commune", "Étape", "Médiateur", "Résultat", "Durée (minutes)", "Note"]]
    for a in attempts:
        rows.append(
            [
                f"{timezone.localtime(a.occurred_at):%d/%m/%Y %H:%M}",
                a.commune.name,
                a.stop.address if a.stop else "",
                (a.mediator.get_full_name() or a.mediator.email) if a.mediator else "",
                a.get_result_display(),
                a.duration_minutes,
                a.note,
            ]
        )
    return rows
