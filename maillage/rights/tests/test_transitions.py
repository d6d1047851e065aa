"""A followed right moves identified → explained → filed → opened / refused, or is abandoned; nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.counter.tests.helpers import make_person
from maillage.rights.enums import Stage
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def test_a_right_is_paid_by_its_partner_and_counted_in_its_usual_period(cast: Any) -> None:
    rsa = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    energy = follow(make_person(cast.structure_a), "cheque_energie", mediator=cast.mediator_a)
    assert rsa.partner == cast.partner  # the cast's partner has the code "caf"
    assert rsa.payer_label == "CAF"
    assert rsa.amount_period == "monthly"
    assert energy.partner is None
    assert energy.payer_label == "ASP / État"
    assert energy.amount_period == "yearly"
    assert rsa.structure == cast.structure_a
    assert rsa.stage == Stage.IDENTIFIED


def test_a_right_followed_to_opened_keeps_the_date_of_each_stage(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), mediator=cast.mediator_a, expected_amount=Decimal("607.75"))
    today = timezone.localdate()
    followed.explain(day=today - dt.timedelta(days=20))
    followed.file(day=today - dt.timedelta(days=19))
    followed.open_with(Decimal("598.50"), day=today)
    followed.refresh_from_db()
    assert followed.stage == Stage.OPENED
    assert followed.explained_on == today - dt.timedelta(days=20)
    assert followed.filed_on == today - dt.timedelta(days=19)
    assert followed.decided_on == today
    assert followed.opened_amount == Decimal("598.50")


def test_a_right_cannot_be_opened_before_its_dossier_is_filed(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    with pytest.raises(ValidationError, match="« identifié » : il ne peut pas passer à « ouvert »"):
        followed.open_with(Decimal("100"))
    followed.refresh_from_db()
    assert followed.stage == Stage.IDENTIFIED
    assert followed.opened_amount is None


def test_a_closed_right_does_not_move_again(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    followed.abandon(reason="La personne ne souhaite pas en faire la demande.")
    with pytest.raises(ValidationError):
        followed.file()
    assert FollowedRight.objects.get().stage == Stage.ABANDONED


def test_refusal_and_abandon_need_a_reason(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    followed.file()
    with pytest.raises(ValidationError, match="motif du refus"):
        followed.refuse(reason="  ")
    with pytest.raises(ValidationError, match="pourquoi"):
        followed.abandon(reason="")
    assert FollowedRight.objects.get().stage == Stage.FILED


def test_negative_or_absurd_amounts_are_refused(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    followed.file()
    for amount in (Decimal("-1"), Decimal("1000000"), None):
        with pytest.raises(ValidationError, match="montant"):
            followed.open_with(amount)
    with pytest.raises(ValidationError, match="négatif"):
        follow(make_person(cast.structure_a), expected_amount=Decimal("-5"))
    assert FollowedRight.objects.get().stage == Stage.FILED


def test_a_stage_cannot_be_dated_in_the_future(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    with pytest.raises(ValidationError, match="futur"):
        followed.explain(day=timezone.localdate() + dt.timedelta(days=1))
    assert FollowedRight.objects.get().stage == Stage.IDENTIFIED


def test_the_database_refuses_an_opened_right_without_amount(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowedRight.objects.filter(pk=followed.pk).update(stage=Stage.OPENED)


def test_the_database_refuses_a_refusal_without_reason(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowedRight.objects.filter(pk=followed.pk).update(stage=Stage.REFUSED, decided_on=timezone.localdate())


def test_each_transition_leaves_an_audit_line_without_the_reason_in_clear(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    followed.file()
    followed.refuse(reason="Ressources trop élevées")
    entries = LogEntry.objects.get_for_object(followed).order_by("timestamp", "pk")
    stages = [entry.changes_dict.get("stage") for entry in entries]
    assert stages[1:] == [["identified", "filed"], ["filed", "refused"]]
    assert "Ressources" not in str([entry.changes for entry in entries])


def test_a_reminder_is_for_an_open_right_and_not_in_the_past(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a))
    with pytest.raises(ValidationError, match="à venir"):
        followed.set_reminder(timezone.localdate() - dt.timedelta(days=1))
    followed.set_reminder(timezone.localdate() + dt.timedelta(days=7))
    followed.abandon(reason="Déménagement")
    assert FollowedRight.objects.get().remind_on is None
    with pytest.raises(ValidationError, match="clos"):
        followed.set_reminder(timezone.localdate())
