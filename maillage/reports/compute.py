"""The Report: computed once from the requests (and referrals, surveys), rendered many ways.

Every renderer (page, CSV, XLSX, PDF, JSON) reads the same object, so their totals cannot drift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from maillage.reports import labels
from maillage.reports.activity import Activity, Counts, collect
from maillage.reports.completeness import Completeness, assess, months_by_start, structure_starts
from maillage.reports.period import Period
from maillage.reports.scope import Scope

if TYPE_CHECKING:
    from maillage.network.models import Partner
    from maillage.outreach.figures import CampaignFigures
    from maillage.reports.cofinancing import Cofinancing
    from maillage.reports.referral_figures import ReferralFigures
    from maillage.rights.figures import RightsFigures
    from maillage.socialvalue.figures import SocialValueFigures
    from maillage.surveys.results import SurveySummary
    from maillage.tickets.figures import WaitingFigures
    from maillage.vouchers.figures import VoucherFigures
    from maillage.workshops.figures import WorkshopFigures

SMALL = 5  # cells under this many people are shown as "< 5" to partners

BREAKDOWNS = [
    ("partner", "Par partenaire"),
    ("procedure", "Par démarche"),
    ("domain", "Par domaine"),
    ("channel", "Par canal"),
    ("help_level", "Par niveau d'aide"),
    ("outcome", "Par issue"),
    ("autonomy", "Par autonomie numérique"),
    ("language", "Par langue"),
    ("referred_by", "Par origine (adressé par)"),
    ("structure", "Par structure"),
    ("place", "Par lieu"),
    ("month", "Par mois"),
]


@dataclass
class Cell:
    code: str
    label: str
    requests: int
    people: int
    minutes: int
    resolved: int
    previous_requests: int | None = None
    # At least this many people in the previous period, exact under 5 in a masked report (decides
    # whether the previous value shows); not counted otherwise.
    previous_people: int = 0
    masked: bool = False
    previous_masked: bool = False


@dataclass
class Breakdown:
    key: str
    title: str
    cells: list[Cell]


@dataclass
class Totals:
    requests: int
    people: int
    persons: int
    anonymous_visits: int
    minutes: int
    median_minutes: float | None
    resolved: int
    masked: bool = False

    @property
    def resolution_rate(self) -> float | None:
        return self.resolved / self.requests if self.requests else None

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass
class Report:
    scope: Scope
    period: Period
    previous_period: Period
    partner: Partner | None
    totals: Totals
    previous: Totals
    breakdowns: list[Breakdown]
    referrals: ReferralFigures
    cofinancing: Cofinancing | None = None
    surveys: SurveySummary | None = None
    rights: RightsFigures | None = None  # access to rights (rights/figures.py), None when nothing happened
    workshops: WorkshopFigures | None = None  # collective workshops (workshops/figures.py), None without any
    vouchers: VoucherFigures | None = None  # vouchers (vouchers/figures.py), None when nothing happened
    outreach: CampaignFigures | None = None  # "aller vers" campaigns (outreach/figures.py), None without any
    waiting: WaitingFigures | None = None  # the walk-in queue (tickets/figures.py), None without tickets
    social_value: SocialValueFigures | None = None  # an estimate (socialvalue/figures.py), apart from the counts
    masked: bool = False
    generated_at: dt.datetime = field(default_factory=timezone.now)
    rolled_months: int = 0
    completeness: Completeness = field(default_factory=Completeness)

    @property
    def title(self) -> str:
        partner = f" — {self.partner.name}" if self.partner else ""
        return f"Rapport d'activité — {self.scope.label}{partner} — {self.period.label}"

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    def change(self, name: str) -> float | None:
        """Relative change of a count; None when the previous period is partial (see completeness)."""
        now, before = getattr(self.totals, name), getattr(self.previous, name)
        if now is None or not before or self.completeness.partial:
            return None
        return (now - before) / before


def totals_of(activity: Activity) -> Totals:
    total: Counts = activity.total
    return Totals(
        requests=total.requests,
        people=total.people,
        persons=total.persons,
        anonymous_visits=total.anonymous_visits,
        minutes=total.minutes,
        median_minutes=activity.median_minutes(),
        resolved=total.resolved,
    )


def breakdowns_of(activity: Activity, previous: Activity, *, partner_filtered: bool) -> list[Breakdown]:
    names = labels.resolve(activity.cells, previous.cells)
    result = []
    for key, title in BREAKDOWNS:
        if key == "partner" and partner_filtered:
            continue
        codes = set(activity.cells.get(key, {}))
        if key != "month":  # months of the previous period are other months
            codes |= set(previous.cells.get(key, {}))
        cells = []
        for code in codes:
            now = activity.cells[key].get(code) or Counts()
            before = previous.cells[key].get(code) if key != "month" else None
            cells.append(
                Cell(
                    code=code,
                    label=names.get((key, code), code or "Non renseigné"),
                    requests=now.requests,
                    people=now.people,
                    minutes=now.minutes,
                    resolved=now.resolved,
                    previous_requests=None if key == "month" else (before.requests if before else 0),
                    previous_people=before.people if before else 0,
                )
            )
        if key == "month":
            cells.sort(key=lambda c: c.code)
        else:
            cells.sort(key=lambda c: (-c.requests, c.label))
        result.append(Breakdown(key, title, cells))
    return result


def build_report(
    scope: Scope,
    period: Period,
    *,
    partner: Partner | None = None,
    masked: bool = False,
    budget: Decimal | None = None,
    key: str = "requests",
    with_surveys: bool = True,
) -> Report:
    from maillage.reports.cofinancing import cofinancing_for
    from maillage.reports.masking import mask
    from maillage.reports.referral_figures import referral_figures

    partner_id = partner.pk if partner else None
    current = collect(scope, period, partner_id)
    # The previous period's people per cell are never shown: they only tell, in a masked report,
    # which of its cells hold fewer than 5 people.
    before = collect(scope, period.previous(), partner_id, people_cells=False, people_under=SMALL if masked else 0)
    breakdowns = breakdowns_of(current, before, partner_filtered=partner is not None)
    if period.kind == "month" or period.days <= 62:
        breakdowns = [b for b in breakdowns if b.key != "month"]
    report = Report(
        scope=scope,
        period=period,
        previous_period=period.previous(),
        partner=partner,
        totals=totals_of(current),
        previous=totals_of(before),
        breakdowns=breakdowns,
        referrals=referral_figures(scope, period, partner_id),
        rolled_months=len(current.rolled_months),
    )
    request_filter = scope.request_filter() & (Q(partner_id=partner_id) if partner_id else Q())
    report.completeness = assess(
        period,
        structure_starts(request_filter, scope.structure_ids, period.end),
        months_by_start(current.cells["month"]),
        months_by_start(before.cells["month"]),
    )
    if budget is not None:
        report.cofinancing = cofinancing_for(
            scope, period, budget, key, partner=partner, activity=current if partner is None else None
        )
    if with_surveys:
        report.surveys = _surveys(scope, period, partner_id)
    report.rights = _rights(scope, period, partner_id)
    report.workshops = _workshops(scope, period, partner_id)
    report.vouchers = _vouchers(scope, period, partner_id)
    report.outreach = _outreach(scope, period, partner_id)
    report.waiting = _waiting(scope, period, partner_id)
    report.social_value = _social_value(scope, period, partner_id, current)
    if masked:
        mask(report)
    return report


def _surveys(scope: Scope, period: Period, partner_id: int | None) -> Any:
    try:
        from maillage.surveys.results import summarise
    except ImportError:  # the surveys app is optional for the report
        return None
    from maillage.network.models import Place

    place_ids = list(Place.objects.filter(scope.place_queryset()).values_list("pk", flat=True))
    summary = summarise(place_ids, period.start, period.end, partner_id=partner_id)
    return summary if summary.total.responses else None


def _figures(read: Callable[..., Any], scope: Scope, period: Period, **filters: Any) -> Any:
    """One family's figures over the scope and period, or None when it has nothing to show."""
    figures = read(structure_ids=scope.structure_ids, start=period.start, end=period.end, **filters)
    return None if figures.empty else figures


def _rights(scope: Scope, period: Period, partner_id: int | None) -> Any:
    from maillage.rights.figures import rights_figures

    return _figures(rights_figures, scope, period, place_ids=scope.place_ids, partner_id=partner_id)


def _workshops(scope: Scope, period: Period, partner_id: int | None) -> Any:
    from maillage.workshops.figures import workshop_figures

    return _figures(workshop_figures, scope, period, place_ids=scope.place_ids, partner_id=partner_id)


def _vouchers(scope: Scope, period: Period, partner_id: int | None) -> Any:
    """A partner's report shows only the vouchers it funds."""
    from maillage.vouchers.figures import vouchers_figures

    return _figures(vouchers_figures, scope, period, place_ids=scope.place_ids, funder_partner_id=partner_id)


def _outreach(scope: Scope, period: Period, partner_id: int | None) -> Any:
    """A partner's report shows only the campaigns it is a partner of."""
    from maillage.outreach.figures import campaign_figures

    return _figures(campaign_figures, scope, period, partner_id=partner_id)


def _waiting(scope: Scope, period: Period, partner_id: int | None) -> Any:
    from maillage.tickets.figures import waiting_figures

    return _figures(waiting_figures, scope, period, place_ids=scope.place_ids, partner_id=partner_id)


def _social_value(scope: Scope, period: Period, partner_id: int | None, current: Activity) -> Any:
    """An estimate from the network's parameters; a partner's report values only its own requests.
    Its people per partner are the report's own (the roll-up and footprint where they hold)."""
    from maillage.socialvalue.figures import PartnerPeople, social_value_figures

    total = current.total.people
    if partner_id is not None:
        by_partner: dict[int | None, int] = {partner_id: total} if current.total.requests else {}
    else:
        cells = current.cells.get("partner", {})
        by_partner = {int(code) if code else None: c.people for code, c in cells.items() if c.requests}
    people = PartnerPeople(by_partner, total)
    return _figures(
        social_value_figures, scope, period, place_ids=scope.place_ids, partner_id=partner_id, people=people
    )
