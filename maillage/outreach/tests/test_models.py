"""Campaigns and contact attempts: database invariants, checks against the campaign, idempotent recording."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from maillage.factories import OutreachStopFactory
from maillage.outreach.enums import AttemptResult
from maillage.outreach.models import ContactAttempt
from maillage.outreach.tests.helpers import LYON, commune, make_campaign

pytestmark = pytest.mark.django_db


def test_a_campaign_cannot_end_before_it_starts(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    campaign.ends_on = campaign.starts_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "La fin de la campagne ne peut pas être avant son début." in str(error.value)
    with pytest.raises(IntegrityError):
        campaign.save()


def test_the_same_client_uuid_sent_twice_stores_one_attempt(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    key = uuid.uuid4()
    values = {"campaign": campaign, "mediator": cast.mediator_a, "commune": commune(), "client_uuid": key}
    first = ContactAttempt.record(result=AttemptResult.ABSENT, **values)
    replay = ContactAttempt.record(result=AttemptResult.ABSENT, **values)
    assert first.created_now
    assert not replay.created_now
    assert replay.pk == first.pk
    assert ContactAttempt.objects.filter(client_uuid=key).count() == 1
    with pytest.raises(IntegrityError):  # and the database holds the line even past the model
        ContactAttempt.objects.create(campaign=campaign, commune=commune(), result="absent", client_uuid=key)


def test_a_client_uuid_of_someone_else_is_refused_and_nothing_is_written(cast: Any) -> None:
    campaign, other = make_campaign(cast.structure_a), make_campaign(cast.structure_a, title="Autre")
    key = uuid.uuid4()
    ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent", client_uuid=key
    )
    with pytest.raises(ValidationError, match="déjà utilisé"):
        ContactAttempt.record(
            campaign=other, mediator=cast.mediator_a, commune=commune(), result="absent", client_uuid=key
        )
    with pytest.raises(ValidationError, match="déjà utilisé"):
        ContactAttempt.record(
            campaign=campaign, mediator=cast.manager_a, commune=commune(), result="absent", client_uuid=key
        )
    assert ContactAttempt.objects.count() == 1


def test_an_attempt_outside_the_dates_or_the_territory_is_refused_in_french(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a, before=2, after=2)
    late = timezone.now() + dt.timedelta(days=4)
    with pytest.raises(ValidationError) as error:
        ContactAttempt.record(
            campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent", occurred_at=late
        )
    assert "la date du contact est en dehors" in str(error.value)
    with pytest.raises(ValidationError) as error:
        ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(LYON), result="absent")
    assert "La commune « Lyon » n'est pas sur le territoire de la campagne." in str(error.value)
    assert not ContactAttempt.objects.exists()


def test_a_stop_of_another_structure_is_refused(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a, communes=())
    stop = OutreachStopFactory(place__structure=cast.structure_b)
    with pytest.raises(ValidationError, match="autre structure"):
        ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=None, stop=stop, result="absent")
    assert not ContactAttempt.objects.exists()


def test_a_campaign_without_communes_takes_any_commune_and_a_stop_gives_its_commune(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a, communes=())
    stop = OutreachStopFactory(place__structure=cast.structure_a)
    attempt = ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=None, stop=stop, result="refused"
    )
    assert attempt.commune_id == stop.commune_id
    assert ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(LYON), result="absent").pk


def test_the_note_is_stored_encrypted_and_masked_in_the_audit_log(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    attempt = ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="contact_made", note="Loyer impayé"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM outreach_contactattempt WHERE id = %s", [attempt.pk])
        (stored,) = cursor.fetchone()
    assert "Loyer" not in stored
    assert ContactAttempt.objects.get(pk=attempt.pk).note == "Loyer impayé"
    assert "Loyer" not in str(LogEntry.objects.get_for_object(attempt).first().changes)
