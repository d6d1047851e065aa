"""Today's lists of the counter screen as plain rows: what `counter/_today.html` shows, read in one
query per list (no model instances) with the links built from one reversed address each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maillage.counter.enums import HelpLevel
from maillage.network.enums import ProcedureDomain

SHOWN = 50
COLUMNS = ("uuid", "occurred_at", "domain", "help_level", "duration_minutes", "procedure__name", "partner__name")
DOMAINS = dict(ProcedureDomain.choices)
HELP_LEVELS = dict(HelpLevel.choices)
PLACEHOLDER = UUID(int=0)


@dataclass(frozen=True)
class Row:
    uuid: UUID
    time: str
    label: str
    partner: str | None
    help_level: str
    duration_minutes: int
    edit_url: str
    delete_url: str
    referral_url: str

    def html(self, *, editable: bool) -> str:
        """One row of `counter/_today.html`, as its loop wrote it with the template."""
        time = self.time
        partner = f'<br><span class="fr-text--xs">{escape(self.partner)}</span>' if self.partner else ""
        actions = (
            f'<td class="actions-bar"><a href="{self.edit_url}">Modifier<span class="fr-sr-only"> la demande de '
            f'{time}</span></a> <a href="{self.referral_url}">Orienter<span class="fr-sr-only"> la personne de '
            f'{time}</span></a> <a href="{self.delete_url}">Supprimer<span class="fr-sr-only"> la demande de '
            f"{time}</span></a></td>"
            if editable
            else ""
        )
        return (
            f"\n    <tr>\n      <td>{time}</td>\n      <td>{escape(self.label)}{partner}</td>\n"
            f"      <td>{escape(self.help_level)}, {self.duration_minutes} min</td>\n      {actions}\n    </tr>\n  "
        )


def rows_html(found: list[Row], *, editable: bool) -> SafeString:
    return mark_safe("".join(row.html(editable=editable) for row in found))


def _links() -> tuple[str, str, str]:
    edit, delete = (reverse(name, args=[PLACEHOLDER]) for name in ("counter:request_edit", "counter:request_delete"))
    return edit, delete, reverse("referrals:create") + f"?demande={PLACEHOLDER}"


def rows(found: list[tuple[Any, ...]]) -> list[Row]:
    """Rows of `COLUMNS` values (a Request `values_list`), in their order."""
    edit, delete, referral = _links()
    placeholder = str(PLACEHOLDER)
    return [
        Row(
            uuid=uuid,
            time=timezone.localtime(occurred_at).strftime("%H:%M"),
            label=procedure if procedure is not None else DOMAINS.get(domain, domain),
            partner=partner,
            help_level=HELP_LEVELS.get(help_level, help_level),
            duration_minutes=minutes,
            edit_url=edit.replace(placeholder, str(uuid)),
            delete_url=delete.replace(placeholder, str(uuid)),
            referral_url=referral.replace(placeholder, str(uuid)),
        )
        for uuid, occurred_at, domain, help_level, minutes, procedure, partner in found
    ]


def listed(requests: Any, *, limit: int = SHOWN) -> tuple[list[Row], int]:
    """The `limit` latest of `requests` (a Request queryset), newest first, and how many there are in
    all: one query, the total being a window count over the day's rows (a round trip less)."""
    counted = requests.annotate(total=Window(Count("pk"))).order_by("-occurred_at")
    found = list(counted.values_list(*COLUMNS, "total")[:limit])
    return rows([row[:-1] for row in found]), (found[0][-1] if found else 0)
