"""The report as titled tables: the one layout CSV, XLSX and PDF all render, cell for cell."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.reports.completeness import PARTIAL
from maillage.reports.compute import Breakdown, Report, Totals
from maillage.reports.masking import MASK


class Percent(float):
    """A ratio (0..1) shown as a percentage."""


class Growth(Percent):
    """A relative change of a count (0.12: +12 %), shown with its sign."""


class Points(float):
    """A change of a rate in percentage points (3.2: +3,2 pts), never a percent of a percent."""


class Hours(float):
    """A duration in hours, one decimal."""


class Money(Decimal):
    """An amount in euros, two decimals."""


Value = int | float | str | Decimal | None


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Value]]
    chart: bool = False  # a bar chart of column 2 (requests) by column 0 (label)


COUNT, LEVEL, RATE = "count", "level", "rate"


def _change(now: Any, before: Any, measure: str = COUNT, *, partial: bool = False) -> Value:
    """The change shown beside two values: in percentage points for a rate, in percent otherwise.
    A count (requests, people, hours) is not compared with a partial previous period."""
    if partial and measure == COUNT:
        return PARTIAL
    if now is None or before is None or isinstance(now, str):
        return None
    if measure == RATE:
        return Points((now - before) * 100)
    return Growth((now - before) / before) if before else None


def _totals_rows(now: Totals, before: Totals, *, partial: bool) -> list[list[Value]]:
    def pair(label: str, a: Any, b: Any, kind: type | None = None, measure: str = COUNT) -> list[Value]:
        wrap = kind or (lambda v: v)
        shown_a = MASK if now.masked else (None if a is None else wrap(a))
        shown_b = MASK if before.masked else (None if b is None else wrap(b))
        change = None if MASK in (shown_a, shown_b) else _change(a, b, measure, partial=partial)
        return [label, shown_a, shown_b, change]

    return [
        pair("Demandes", now.requests, before.requests),
        pair("Personnes accueillies (dossiers + passages anonymes)", now.people, before.people),
        pair("dont personnes avec dossier (distinctes)", now.persons, before.persons),
        pair("dont passages anonymes", now.anonymous_visits, before.anonymous_visits),
        pair("Temps passé (heures)", now.hours, before.hours, Hours),
        pair("Durée médiane d'une demande (minutes)", now.median_minutes, before.median_minutes, measure=LEVEL),
        pair("Demandes résolues sur place", now.resolved, before.resolved),
        pair("Taux de résolution", now.resolution_rate, before.resolution_rate, Percent, RATE),
    ]


UNKNOWN = "unknown"  # a profile left "Non renseigné": outside the shares of the answers


def _breakdown_table(report: Report, breakdown: Breakdown) -> Table:
    total = report.totals.requests - sum(c.requests for c in breakdown.cells if c.code == UNKNOWN)
    partial = report.completeness.partial
    rows: list[list[Value]] = []
    for c in breakdown.cells:
        previous: Value = MASK if c.previous_masked else c.previous_requests
        if c.masked:
            rows.append([c.label, c.code, MASK, MASK, MASK, MASK, MASK, previous, None])
            continue
        rows.append(
            [
                c.label,
                c.code,
                c.requests,
                c.people,
                Percent(c.requests / total) if total and c.code != UNKNOWN else None,
                Hours(c.minutes / 60),
                c.resolved,
                previous,
                None if previous is None or previous == MASK else _change(c.requests, previous, partial=partial),
            ]
        )
    header = [
        "Libellé",
        "Code",
        "Demandes",
        "Personnes",
        "Part des demandes",
        "Temps (heures)",
        "Résolues sur place",
        "Demandes, période précédente",
        "Évolution",
    ]
    return Table(breakdown.key, breakdown.title, header, rows, chart=breakdown.key in CHARTED)


CHARTED = {"partner", "help_level", "channel", "month", "outcome"}


def _referrals_table(report: Report) -> Table:
    f = report.referrals

    def shown(name: str, value: Any) -> Value:
        return MASK if name in f.masked else value

    rows: list[list[Value]] = [
        ["Orientations envoyées", shown("sent", f.sent)],
        ["dont vers une structure extérieure", shown("sent_external", f.sent_external)],
        ["Orientations reçues", shown("received", f.received)],
    ]
    rows += [[f"Envoyées — {label.lower()}", shown(label, n)] for label, n in sorted(f.by_status.items())]
    rows.append(
        ["Délai médian de clôture (jours)", None if f.median_close_days is None else round(f.median_close_days, 1)]
    )
    rows.append(
        ["Taux de réalisation", None if f.completion_rate is None or report.masked else Percent(f.completion_rate)]
    )
    return Table("referrals", "Orientations", ["Indicateur", "Valeur"], rows)


def _cofinancing_table(report: Report) -> Table | None:
    co = report.cofinancing
    if co is None:
        return None
    unit = "Demandes" if co.key == "requests" else "Minutes"
    rows: list[list[Value]] = [[s.label, s.activity, Percent(float(s.share)), Money(s.amount)] for s in co.shares]
    if not report.masked:
        rows.append(["Total", co.total_activity, Percent(1.0) if co.total_activity else None, Money(co.budget)])
    amount = f"{co.budget:,.2f}".replace(",", "\u202f").replace(".", ",")
    title = f"Co-financement : budget de {amount} € réparti selon le {co.key_label}"
    return Table("cofinancing", title, ["Partenaire", unit, "Part", "Montant (€)"], rows)


def _surveys_tables(report: Report) -> list[Table]:
    summary = report.surveys
    if summary is None:
        return []
    header = ["", "Réponses", *summary.questions, "Moyenne générale"]

    def row(r: Any) -> list[Value]:
        return [
            r.label,
            r.responses,
            *[None if a is None else round(a, 2) for a in r.averages],
            None if r.overall is None else round(r.overall, 2),
        ]

    tables = [
        Table(
            "surveys_place",
            "Satisfaction par lieu (notes de 1 à 5)",
            ["Lieu", *header[1:]],
            [row(r) for r in summary.by_place],
        )
    ]
    tables.append(
        Table(
            "surveys_partner",
            "Satisfaction par partenaire",
            ["Partenaire", *header[1:]],
            [row(r) for r in summary.by_partner],
        )
    )
    tables.append(Table("surveys_total", "Satisfaction, ensemble", ["Ensemble", *header[1:]], [row(summary.total)]))
    return tables


RIGHTS_HEADER = [
    "Identifiés",
    "Dossiers déposés",
    "Ouverts",
    "Refusés",
    "Abandonnés",
    "Montants ouverts (€ par an)",
    "Délai médian d'ouverture (jours)",
]


def _rights_tables(report: Report) -> list[Table]:
    """« Accès aux droits »: one table per breakdown, then the amounts opened per year."""
    figures = report.rights
    if figures is None:
        return []

    def row(r: Any) -> list[Value]:
        if r.masked:
            return [r.label, *[MASK] * 5, None, None]
        days = None if r.median_days_to_open is None else round(r.median_days_to_open, 1)
        return [r.label, r.identified, r.filed, r.opened, r.refused, r.abandoned, Money(r.yearly_amount), days]

    result = [
        Table(f"rights_{key}", f"Accès aux droits par {title.lower()}", [title, *RIGHTS_HEADER], [row(r) for r in rows])
        for key, title, rows in figures.breakdowns()
    ]
    result.append(
        Table("rights_total", "Accès aux droits, ensemble", ["Ensemble", *RIGHTS_HEADER], [row(figures.total)])
    )
    if not figures.total.masked:
        years: list[list[Value]] = [[str(year), Money(amount)] for year, amount in figures.amount_by_year.items()]
        result.append(
            Table(
                "rights_years",
                "Droits ouverts : montants par année de décision",
                ["Année", "Montant (€ par an)"],
                years,
            )
        )
    return result


WORKSHOPS_HEADER = [
    "Ateliers tenus",
    "Places offertes",
    "Inscriptions",
    "Présents",
    "Taux de présence",
    "Personnes inscrites",
    "Personnes venues",
]


def _workshops_tables(report: Report) -> list[Table]:
    """« Ateliers collectifs »: one table per breakdown, then the whole; beside the individual requests."""
    figures = report.workshops
    if figures is None:
        return []

    def row(r: Any) -> list[Value]:
        if r.masked:
            return [r.label, r.sessions, r.seats, MASK, MASK, None, MASK, MASK]
        rate = None if r.attendance_rate is None else Percent(r.attendance_rate)
        return [r.label, r.sessions, r.seats, r.registrations, r.attended, rate, r.people, r.reached]

    result = [
        Table(
            f"workshops_{key}",
            f"Ateliers collectifs par {title.lower()}",
            [title, *WORKSHOPS_HEADER],
            [row(r) for r in rows],
        )
        for key, title, rows in figures.breakdowns()
    ]
    result.append(
        Table("workshops_total", "Ateliers collectifs, ensemble", ["Ensemble", *WORKSHOPS_HEADER], [row(figures.total)])
    )
    return result


VOUCHERS_HEADER = ["Bons émis", "Montant émis (€)", "Bons utilisés", "Montant utilisé (€)"]


def _vouchers_tables(report: Report) -> list[Table]:
    """« Bons »: issued and redeemed vouchers by funder, series and place, then the whole."""
    figures = report.vouchers
    if figures is None:
        return []

    def row(r: Any) -> list[Value]:
        if r.masked:
            return [r.label, MASK, None, MASK, None]
        return [
            r.label,
            r.issued,
            Money(Decimal(r.issued_cents) / 100),
            r.redeemed,
            Money(Decimal(r.redeemed_cents) / 100),
        ]

    result = [
        Table(f"vouchers_{key}", f"Bons par {title.lower()}", [title, *VOUCHERS_HEADER], [row(r) for r in rows])
        for key, title, rows in figures.breakdowns()
    ]
    result.append(Table("vouchers_total", "Bons, ensemble", ["Ensemble", *VOUCHERS_HEADER], [row(figures.total)]))
    return result


OUTREACH_HEADER = [
    "Campagnes",
    "Contacts tentés",
    "Contacts établis",
    "Demandes",
    "Orientations",
    "Orientations clôturées",
    "Droits identifiés",
    "Droits ouverts",
    "Temps passé (heures)",
    "Coût par contact établi (€)",
]


def _outreach_tables(report: Report) -> list[Table]:
    """« Aller vers »: campaigns by campaign and by kind, then the whole (outreach/figures.py)."""
    figures = report.outreach
    if figures is None:
        return []

    def row(r: Any) -> list[Value]:
        if r.masked:
            return [r.label, r.campaigns, MASK, MASK, MASK, MASK, MASK, MASK, MASK, None, None]
        cost = r.cost_per_contact_cents
        figures_row: list[Value] = [r.label, r.campaigns, r.attempts, r.contacts_made, r.requests, r.referrals]
        figures_row += [r.referrals_closed, r.rights_identified, r.rights_opened, Hours(r.minutes / 60)]
        return [*figures_row, r.cost_note if cost is None else Money(Decimal(cost) / 100)]

    result = [
        Table(f"outreach_{key}", f"Aller vers par {title.lower()}", [title, *OUTREACH_HEADER], [row(r) for r in rows])
        for key, title, rows in figures.breakdowns()
    ]
    result.append(Table("outreach_total", "Aller vers, ensemble", ["Ensemble", *OUTREACH_HEADER], [row(figures.total)]))
    return result


WAITING_HEADER = [
    "Passages",
    "Attente médiane (min)",
    "90e centile (min)",
    "Passages attendus ≤ 20 min",
    "Part ≤ 20 min",
]


def _waiting_tables(report: Report) -> list[Table]:
    """« Attente à l'accueil » (tickets/figures.py): by place, hour and weekday, the total, the definitions."""
    figures = report.waiting
    if figures is None:
        return []

    def minutes(value: float | None) -> Value:
        return None if value is None else round(value, 1)

    def row(r: Any) -> list[Value]:
        if r.masked:
            return [r.label, MASK, None, None, MASK, None]
        share = r.share_within_20
        return [
            r.label,
            r.visits,
            minutes(r.median_minutes),
            minutes(r.p90_minutes),
            r.within_20,
            None if share is None else Percent(share),
        ]

    result = [
        Table(
            f"waiting_{key}",
            f"Attente à l'accueil par {title.lower()}",
            [title, *WAITING_HEADER],
            [row(r) for r in rows],
        )
        for key, title, rows in figures.breakdowns()
    ]
    result.append(
        Table("waiting_total", "Attente à l'accueil, ensemble", ["Ensemble", *WAITING_HEADER], [row(figures.total)])
    )
    result.append(
        Table(
            "waiting_definitions",
            "Attente à l'accueil : définitions",
            ["Terme", "Définition"],
            [
                ["Passage", figures.definition],
                ["90e centile", "L'attente en dessous de laquelle au moins 90 % des passages ont été appelés."],
                ["Part ≤ 20 min", "Passages appelés au plus 20 minutes après la prise du ticket, parmi les passages."],
            ],
        )
    )
    return result


def tables(report: Report) -> list[Table]:
    result = [
        Table(
            "summary",
            "Synthèse",
            ["Indicateur", report.period.label, f"Période précédente ({report.previous_period.label})", "Évolution"],
            _totals_rows(report.totals, report.previous, partial=report.completeness.partial),
        )
    ]
    result += [_breakdown_table(report, b) for b in report.breakdowns]
    result.append(_referrals_table(report))
    cofinancing = _cofinancing_table(report)
    if cofinancing:
        result.append(cofinancing)
    result += _workshops_tables(report) + _surveys_tables(report) + _rights_tables(report)
    result += _vouchers_tables(report) + _waiting_tables(report) + _outreach_tables(report)
    from maillage.socialvalue.report_tables import social_value_tables  # an estimate: after the observed counts

    return result + social_value_tables(report)


def heading(report: Report) -> list[tuple[str, str]]:
    lines = [
        ("Rapport", report.title),
        ("Périmètre", report.scope.label),
        ("Période", f"{report.period.label} (du {report.period.start:%d/%m/%Y} au {report.period.end:%d/%m/%Y})"),
        ("Comparée à", report.previous_period.label),
        ("Partenaire", report.partner.name if report.partner else "Tous"),
        ("Produit le", f"{timezone.localtime(report.generated_at):%d/%m/%Y à %H:%M}"),
    ]
    if report.completeness.partial:
        lines.append(("Comparaison", report.completeness.headline))
    if report.masked:
        lines.append(("Secret statistique", "Les effectifs de moins de 5 personnes sont remplacés par « < 5 »."))
    return lines
