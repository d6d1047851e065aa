"""Profile entries refuse what cannot be: ends before starts, overlapping periods or assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maillage.factories import OutreachStopFactory, PlaceFactory
from maillage.people.enums import HabilitationKind, LanguageLevel, SkillLevel
from maillage.people.models import Assignment, EmploymentPeriod, Habilitation, Language, Skill, Training

pytestmark = pytest.mark.django_db
D = dt.date


def period(cast: Any, start: dt.date, end: dt.date | None, structure: Any = None) -> EmploymentPeriod:
    entry = EmploymentPeriod(user=cast.mediator_a, structure=structure or cast.structure_a, start=start, end=end)
    entry.full_clean()
    entry.save()
    return entry


def assign(cast: Any, place: Any, start: dt.date, end: dt.date | None) -> Assignment:
    entry = Assignment(user=cast.mediator_a, place=place, start=start, end=end)
    entry.full_clean()
    entry.save()
    return entry


def test_an_employment_period_ending_before_it_starts_is_refused_in_french(cast: Any) -> None:
    with pytest.raises(ValidationError) as error:
        period(cast, D(2025, 5, 1), D(2025, 4, 30))
    assert error.value.message_dict["end"] == ["La fin ne peut pas être avant le début."]


def test_the_database_refuses_a_period_ending_before_it_starts(cast: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentPeriod.objects.create(
            user=cast.mediator_a, structure=cast.structure_a, start=D(2025, 5, 1), end=D(2025, 4, 1)
        )


def test_two_overlapping_periods_in_one_structure_are_refused(cast: Any) -> None:
    period(cast, D(2024, 1, 1), D(2024, 12, 31))
    with pytest.raises(ValidationError) as error:
        period(cast, D(2024, 12, 31), None)
    assert "chevauche une autre période" in str(error.value)
    assert "du 01/01/2024 au 31/12/2024" in str(error.value)


def test_an_open_period_overlaps_every_later_one_in_the_same_structure(cast: Any) -> None:
    period(cast, D(2024, 1, 1), None)
    with pytest.raises(ValidationError):
        period(cast, D(2030, 1, 1), D(2030, 2, 1))


def test_periods_that_follow_each_other_or_are_in_other_structures_are_accepted(cast: Any) -> None:
    period(cast, D(2024, 1, 1), D(2024, 6, 30))
    period(cast, D(2024, 7, 1), None)
    period(cast, D(2024, 3, 1), None, structure=cast.structure_b)  # two employers at once
    assert EmploymentPeriod.objects.filter(user=cast.mediator_a).count() == 3


def test_overlapping_assignments_to_the_same_place_are_refused(cast: Any) -> None:
    assign(cast, cast.place_a, D(2025, 1, 1), None)
    with pytest.raises(ValidationError) as error:
        assign(cast, cast.place_a, D(2025, 3, 1), D(2025, 3, 31))
    assert "chevauche une autre affectation de cette personne au même lieu" in str(error.value)


def test_assignments_to_two_places_at_once_are_allowed(cast: Any) -> None:
    other = PlaceFactory(structure=cast.structure_a, name="Permanence mairie")
    assign(cast, cast.place_a, D(2025, 1, 1), None)
    assign(cast, other, D(2025, 1, 1), None)
    assert Assignment.objects.filter(user=cast.mediator_a).count() == 2


def test_an_assignment_to_a_stop_of_another_place_is_refused(cast: Any) -> None:
    stop = OutreachStopFactory()
    with pytest.raises(ValidationError) as error:
        Assignment(user=cast.mediator_a, place=cast.place_a, stop=stop, start=D(2025, 1, 1)).full_clean()
    assert error.value.message_dict["stop"] == ["Cette étape n'appartient pas à ce lieu."]


def test_a_training_ending_before_it_starts_is_refused_and_an_expired_one_says_so(cast: Any) -> None:
    training = Training(
        user=cast.mediator_a, title="Aidants Connect", organiser="ANCT", start=D(2025, 2, 2), end=D(2025, 2, 1)
    )
    with pytest.raises(ValidationError) as error:
        training.full_clean()
    assert error.value.message_dict["end"] == ["La formation ne peut pas finir avant de commencer."]
    training.end, training.expires_on = D(2025, 2, 3), D(2025, 12, 31)
    training.full_clean()
    assert training.is_expired(D(2026, 1, 1))
    assert not training.is_expired(D(2025, 12, 31))


def test_a_skill_needs_a_partner_or_a_domain(cast: Any) -> None:
    with pytest.raises(ValidationError) as error:
        Skill(user=cast.mediator_a, level=SkillLevel.CONFIRMED).full_clean()
    assert "Indiquez un partenaire ou un domaine pour cette compétence." in error.value.messages
    Skill(user=cast.mediator_a, partner=cast.partner, level=SkillLevel.CONFIRMED).full_clean()


def test_a_habilitation_cannot_expire_before_it_was_obtained(cast: Any) -> None:
    entry = Habilitation(
        user=cast.mediator_a, kind=HabilitationKind.AIDANTS_CONNECT, obtained_on=D(2025, 1, 1), expires_on=D(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.message_dict["expires_on"] == ["L'expiration ne peut pas être avant la date d'obtention."]


def test_a_language_is_given_once_per_person(cast: Any) -> None:
    Language.objects.create(user=cast.mediator_a, code="ar", level=LanguageLevel.FLUENT)
    with pytest.raises(ValidationError) as error:
        Language(user=cast.mediator_a, code="ar", level=LanguageLevel.BASIC).full_clean()
    assert "Cette langue est déjà indiquée." in error.value.messages
    Language(user=cast.mediator_b, code="ar", level=LanguageLevel.BASIC).full_clean()
