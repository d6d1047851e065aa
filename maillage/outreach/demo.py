"""Demo outreach (`maillage demo`): two campaigns of the demo mediator's structure, a door-to-door in a
Lyon neighbourhood (running today, so the counter offers it) and a bus tour in rural communes of the
demo territory (over), with contact attempts of every result and the requests (and a referral) they
led to, tagged with their campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.counter.models import Procedure, Request, Visit
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import OutreachStop, Partner, Place
from maillage.outreach.enums import AttemptResult, CampaignKind
from maillage.outreach.models import Campaign, ContactAttempt
from maillage.referrals.models import Referral
from maillage.territory.models import Commune

DOOR_TO_DOOR = "Porte-à-porte Mermoz : accès aux droits CAF"
BUS_TOUR = "Tournée du bus dans les villages"
# Results in the order they are recorded, one attempt each (each campaign gets them all).
RESULTS = [
    *[AttemptResult.ABSENT] * 6,
    *[AttemptResult.REFUSED] * 2,
    *[AttemptResult.CONTACT_MADE] * 3,
    *[AttemptResult.REQUEST_RECORDED] * 4,
    *[AttemptResult.REFERRED] * 2,
]
PROCEDURES = ["caf_prime_activite", "cpam_carte_vitale", "dgfip_declaration_revenus", "cnav_retraite"]


@transaction.atomic
def build_outreach(*, today: dt.date | None = None) -> int:
    """Once: nothing is added when the demo campaigns exist. Returns the number of campaigns added."""
    today = today or timezone.localdate()
    membership = (
        Membership.objects.filter(user__email=f"mediateur@{DEMO_DOMAIN}", role=Role.MEDIATOR)
        .select_related("user", "structure")
        .first()
    )
    if membership is None or membership.structure is None:
        return 0
    structure, mediator = membership.structure, membership.user
    if Campaign.objects.filter(structure=structure, title__in=[DOOR_TO_DOOR, BUS_TOUR]).exists():
        return 0
    place = Place.objects.filter(structure=structure).select_related("commune").order_by("name").first()
    if place is None:
        return 0
    team = [m.user for m in Membership.objects.filter(structure=structure).select_related("user")]
    partners = {p.code: p for p in Partner.objects.filter(code__in=["caf", "cpam", "carsat"])}
    procedures = list(Procedure.objects.filter(code__in=PROCEDURES, is_active=True).order_by("code"))
    rural = list(
        OutreachStop.objects.exclude(commune_id=place.commune_id)
        .order_by("commune__name")
        .values_list("commune_id", flat=True)
    )
    door = Campaign.objects.create(
        structure=structure,
        kind=CampaignKind.DOOR_TO_DOOR,
        title=DOOR_TO_DOOR,
        addresses="Quartier Mermoz : rue Genton\nAvenue Général Frère\nRue Joseph Chalier",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=10),
        target_right="prime_activite",
        budget_cents=180_000,
        created_by=mediator,
    )
    bus = Campaign.objects.create(
        structure=structure,
        kind=CampaignKind.BUS_TOUR,
        title=BUS_TOUR,
        addresses="Places des mairies, les jours de marché",
        starts_on=today - dt.timedelta(days=45),
        ends_on=today - dt.timedelta(days=5),
        target_theme="Retraite et santé des personnes âgées isolées",
        created_by=mediator,
    )
    door.communes.set([place.commune])
    bus.communes.set(Commune.objects.filter(pk__in=sorted(set(rural))[:5]) or [place.commune])
    door.partners.set([p for code, p in partners.items() if code == "caf"])
    bus.partners.set([p for code, p in partners.items() if code in {"cpam", "carsat"}])
    for campaign in (door, bus):
        campaign.team.set(team)
        _attempts(campaign, place, mediator, procedures, first_day=campaign.starts_on)
    return 2


def _attempts(
    campaign: Campaign, place: Place, mediator: Any, procedures: list[Procedure], *, first_day: dt.date
) -> None:
    communes = list(campaign.communes.all())
    for index, result in enumerate(RESULTS):
        day = first_day + dt.timedelta(days=index % 5)
        when = timezone.make_aware(dt.datetime.combine(day, dt.time(10 + index % 6, 5 * (index % 12))))
        ContactAttempt.record(
            campaign=campaign,
            mediator=mediator,
            commune=communes[index % len(communes)],
            result=result,
            occurred_at=when,
            duration_minutes=3 if result in {AttemptResult.ABSENT, AttemptResult.REFUSED} else 15,
        )
        if result not in {AttemptResult.REQUEST_RECORDED, AttemptResult.REFERRED} or not procedures:
            continue
        procedure = procedures[index % len(procedures)]
        request = Request.objects.create(
            visit=Visit.objects.create(),
            structure_id=place.structure_id,
            place=place,
            mediator=mediator,
            occurred_at=when + dt.timedelta(minutes=5),
            duration_minutes=20,
            partner=procedure.partner,
            procedure=procedure,
            domain=procedure.domain,
            campaign=campaign,
        )
        if result == AttemptResult.REFERRED:
            Referral.objects.create(
                request=request,
                from_structure_id=place.structure_id,
                external_name="CCAS de la commune",
                reason="Aide alimentaire et accompagnement social, repérés lors du passage.",
                created_by=mediator,
                campaign=campaign,
            )
