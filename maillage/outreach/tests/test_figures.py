"""`campaign_figures` on known data, counted by hand; the activity report's « Aller vers » tables and masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from maillage.counter.tests.helpers import make_person
from maillage.outreach.enums import AttemptResult, CampaignKind
from maillage.outreach.figures import NO_BUDGET, campaign_figures
from maillage.outreach.models import ContactAttempt
from maillage.outreach.tests.helpers import commune, make_campaign, tagged_request
from maillage.referrals.enums import Status
from maillage.referrals.models import Referral
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.rights.models import FollowedRight

pytestmark = pytest.mark.django_db

# (result, minutes): 7 attempts, 4 contacts made, 3 + 3 + 2 + 10 + 10 + 15 + 20 = 63 minutes
ATTEMPTS = [("absent", 3), ("absent", 3), ("refused", 2), ("contact_made", 10), ("contact_made", 10)]
ATTEMPTS += [("request_recorded", 15), ("referred", 20)]


def _world(cast: Any, **fields: Any) -> Any:
    campaign = make_campaign(cast.structure_a, budget_cents=10_000, **fields)
    for result, minutes in ATTEMPTS:
        ContactAttempt.record(
            campaign=campaign, mediator=cast.mediator_a, commune=commune(), result=result, duration_minutes=minutes
        )
    first = tagged_request(cast.place_a, cast.mediator_a, campaign, minutes=15)
    second = tagged_request(cast.place_a, cast.mediator_a, campaign, minutes=30)
    tagged_request(cast.place_a, cast.mediator_a, None, minutes=45)  # not during the campaign: not counted
    for request, status in ((first, Status.DONE), (second, Status.SENT)):
        Referral.objects.create(
            request=request,
            from_structure=cast.structure_a,
            external_name="CCAS",
            reason="Aide",
            status=status,
            campaign=campaign,
        )
    person = make_person(cast.structure_a)
    FollowedRight.identify(person=person, right="css", mediator=cast.mediator_a, campaign=campaign)
    FollowedRight.identify(person=make_person(cast.structure_a, first_name="Léa"), right="apl", mediator=None)
    return campaign


def test_the_figures_of_a_campaign_counted_by_hand(cast: Any) -> None:
    campaign = _world(cast)
    row = campaign_figures(campaign_ids=[campaign.pk]).total
    assert (row.attempts, row.contacts_made, row.requests) == (7, 4, 2)
    assert (row.referrals, row.referrals_closed) == (2, 1)
    assert (row.rights_identified, row.rights_opened) == (1, 0)
    assert row.minutes == 63 + 15 + 30
    assert row.cost_per_contact_cents == 2500  # 100 € over 4 contacts made


def test_without_a_budget_the_cost_is_not_computed(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="contact_made")
    row = campaign_figures(campaign_ids=[campaign.pk]).total
    assert row.cost_per_contact_cents is None
    assert row.cost_note == NO_BUDGET == "non calculé : pas de budget"


def test_a_period_counts_only_what_happened_in_it(cast: Any) -> None:
    campaign = _world(cast)
    old = timezone.now() - dt.timedelta(days=3)
    ContactAttempt.objects.filter(campaign=campaign, result=AttemptResult.ABSENT).update(occurred_at=old)
    today = timezone.localdate()
    row = campaign_figures(structure_ids=[cast.structure_a.pk], start=today, end=today).total
    assert (row.campaigns, row.attempts, row.contacts_made) == (1, 5, 4)
    assert campaign_figures(structure_ids=[cast.structure_b.pk], start=today, end=today).empty


def test_the_report_shows_outreach_by_campaign_and_kind_and_its_exports(cast: Any) -> None:
    _world(cast)
    make_campaign(cast.structure_a, title="Tournée du bus", kind=CampaignKind.BUS_TOUR)
    period = parse_period(str(timezone.localdate().year))
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), period)
    by_campaign = {row[0]: row for row in next(t for t in tables(report) if t.key == "outreach_campaign").rows}
    assert by_campaign["Porte-à-porte des Buers"][1:5] == [1, 7, 4, 2]
    assert by_campaign["Porte-à-porte des Buers"][-1] == Decimal("25")
    assert by_campaign["Tournée du bus"][-1] == NO_BUDGET
    kinds = [row[0] for row in next(t for t in tables(report) if t.key == "outreach_kind").rows]
    assert kinds == ["Porte-à-porte", "Tournée en bus"]
    assert "Aller vers par campagne" in render(report, "csv").decode("utf-8-sig")
    assert '"outreach_total"' in render(report, "json").decode()
    assert render(report, "pdf").startswith(b"%PDF")


def test_a_partner_sees_only_its_campaigns_masked_under_5_contacts(cast: Any) -> None:
    ours = _world(cast)
    ours.partners.add(cast.partner)
    make_campaign(cast.structure_a, title="Campagne sans la CAF")
    period = parse_period(str(timezone.localdate().year))
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), period, partner=cast.partner, masked=True
    )
    rows = next(t for t in tables(report) if t.key == "outreach_campaign").rows
    assert [row[0] for row in rows] == ["Porte-à-porte des Buers"]
    assert rows[0][2] == MASK  # 4 contacts made: fewer than 5 people
    ContactAttempt.record(campaign=ours, mediator=cast.mediator_a, commune=commune(), result="contact_made")
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), period, partner=cast.partner, masked=True
    )
    total = next(t for t in tables(report) if t.key == "outreach_total").rows[0]
    assert total[1:5] == [1, 8, 5, 2]


def test_no_campaign_no_outreach_section(cast: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2026"))
    assert report.outreach is None
    assert not [t for t in tables(report) if t.key.startswith("outreach_")]
