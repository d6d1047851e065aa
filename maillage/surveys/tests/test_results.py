"""The satisfaction figures reports read: averages by question label, by place, by partner."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from maillage.factories import PartnerFactory, PlaceFactory, SurveyFactory, SurveyResponseFactory
from maillage.surveys.results import SurveyRow, summarise, survey_results

WELCOME = "Avez-vous été bien accueilli(e) ?"
PROGRESS = "Votre démarche a-t-elle avancé ?"
WAIT = "L'attente était-elle raisonnable ?"
DAY = dt.date(2026, 3, 10)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def answers(cast: Any) -> Any:
    """Place A asks (welcome, progress); place A2 asks (wait, welcome): the welcome label is shared."""
    cpam = PartnerFactory(code="mutuelle-essai", name="Mutuelle Essai")
    place_a2 = PlaceFactory(structure=cast.structure_a, name="Antenne A2")
    first = SurveyFactory(place=cast.place_a, questions=[WELCOME, PROGRESS], created_at=_at(DAY, 8))
    second = SurveyFactory(place=place_a2, questions=[WAIT, WELCOME], created_at=_at(DAY, 9))
    for scores, partner in [([5, 4], cast.partner), ([3, None], cast.partner), ([4, 2], cpam), ([None, None], None)]:
        SurveyResponseFactory(survey=first, scores=scores, partner=partner, submitted_at=_at(DAY), free_text="SECRET")
    for scores, partner in [([2, 1], cast.partner), ([None, 5], None)]:
        SurveyResponseFactory(survey=second, scores=scores, partner=partner, submitted_at=_at(DAY))
    SurveyResponseFactory(survey=first, scores=[1, 1], submitted_at=_at(DAY + dt.timedelta(days=40)))
    SurveyResponseFactory(survey=SurveyFactory(place=cast.place_b), scores=[1, 1], submitted_at=_at(DAY))
    return {"first": first, "second": second, "place_a2": place_a2, "cpam": cpam}


def test_summary_pools_scores_by_question_label(cast: Any, answers: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        summary = summarise([cast.place_a.pk, answers["place_a2"].pk], DAY, DAY)
    assert summary.questions == [WELCOME, PROGRESS, WAIT]
    # welcome: 5, 3, 4 (place A) + 1, 5 (A2) = 18 / 5; progress: 4, 2 = 6 / 2; wait: 2 / 1
    # overall: every answered score, 18 + 6 + 2 = 26 over 8
    assert summary.total == SurveyRow("Ensemble", 6, [3.6, 3.0, 2.0], 3.25)
    assert summary.by_place == [
        SurveyRow("Antenne A2", 2, [3.0, None, 2.0], pytest.approx(8 / 3)),
        SurveyRow("Lieu A", 4, [4.0, 3.0, None], 18 / 5),
    ]


def test_summary_by_partner_puts_unknown_last(cast: Any, answers: Any) -> None:
    summary = summarise([cast.place_a.pk, answers["place_a2"].pk], DAY, DAY)
    caf_name = cast.partner.name
    expected = [*sorted(["Mutuelle Essai", caf_name]), "Autre / je ne sais pas"]
    assert [row.label for row in summary.by_partner] == expected
    rows = {row.label: row for row in summary.by_partner}
    # caf: welcome 5, 3, 1 ; progress 4 ; wait 2
    assert rows[caf_name] == SurveyRow(caf_name, 3, [3.0, 4.0, 2.0], 3.0)
    assert rows["Mutuelle Essai"] == SurveyRow("Mutuelle Essai", 1, [4.0, 2.0, None], 3.0)
    assert rows["Autre / je ne sais pas"] == SurveyRow("Autre / je ne sais pas", 2, [5.0, None, None], 5.0)


def test_summary_for_one_partner_and_period_bounds(cast: Any, answers: Any) -> None:
    summary = summarise([cast.place_a.pk], DAY, DAY, partner_id=answers["cpam"].pk)
    assert summary.total == SurveyRow("Ensemble", 1, [4.0, 2.0], 3.0)
    later = summarise([cast.place_a.pk], DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=60))
    assert later.total.responses == 1
    assert summarise([cast.place_a.pk], DAY - dt.timedelta(days=9), DAY - dt.timedelta(days=1)).total == SurveyRow(
        "Ensemble", 0, [], None
    )


def test_summary_never_carries_free_text(cast: Any, answers: Any) -> None:
    summary = summarise([cast.place_a.pk, answers["place_a2"].pk], DAY, DAY)
    assert "SECRET" not in repr(dataclasses.asdict(summary))


def test_empty_scope_costs_no_query(django_assert_num_queries: Any, db: Any) -> None:
    with django_assert_num_queries(0):
        assert summarise([], DAY, DAY).by_place == []


def test_one_survey_results_give_distribution_and_partners(
    cast: Any, answers: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        results = survey_results(answers["first"], DAY, DAY)
    assert results.responses == 4
    welcome, progress = results.questions
    assert (welcome.answered, welcome.average, welcome.distribution) == (3, 4.0, [0, 0, 1, 1, 1])
    assert (progress.answered, progress.average, progress.distribution) == (2, 3.0, [0, 1, 0, 1, 0])
    assert results.overall == 18 / 5
    assert [row.label for row in results.by_partner][-1] == "Autre / je ne sais pas"
    assert results.by_partner[-1] == SurveyRow("Autre / je ne sais pas", 1, [None, None], None)
