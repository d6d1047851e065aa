"""Survey and answer invariants: in the model validation and, where it fits, in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.factories import AgreementFactory, PartnerFactory, SurveyFactory, SurveyResponseFactory
from maillage.surveys.models import Survey, SurveyResponse, validate_questions, validate_scores


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([], "Posez entre 1 et 6 questions (ici : 0)."),
        ([f"Question {n} ?" for n in range(7)], "Posez entre 1 et 6 questions (ici : 7)."),
        (["Accueil ?", "  "], "La question n° 2 est vide."),
        (["x" * 201], "La question n° 1 dépasse 200 caractères (201 caractères)."),
        (["Accueil ?", "Accueil ?"], "Une même question est posée deux fois."),
        ("Accueil ?", "Les questions doivent être une liste de textes."),
        ([3], "Les questions doivent être une liste de textes."),
    ],
)
def test_questions_are_one_to_six_short_distinct_labels(questions: Any, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_questions(questions)
    assert error.value.messages == [message]


def test_six_questions_of_two_hundred_characters_are_accepted() -> None:
    validate_questions([f"{n}" + "x" * 199 for n in range(6)])


@pytest.mark.parametrize("scores", [[0], [6], ["4"], [4.5], [True], "4", [None, 7]])
def test_scores_are_integers_from_one_to_five_or_blank(scores: Any) -> None:
    with pytest.raises(ValidationError, match="nombre entier de 1 à 5"):
        validate_scores(scores if isinstance(scores, list) else [scores])


def test_blank_scores_are_allowed() -> None:
    validate_scores([None, 1, 5, None])


def test_an_answer_needs_one_score_slot_per_question(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a)
    with pytest.raises(ValidationError) as error:
        survey.record_answer(scores=[4], partner=None, free_text="", source_hash="")
    assert error.value.messages == ["Il faut une note (ou une case vide) par question du questionnaire."]
    assert not SurveyResponse.objects.exists()


def test_database_refuses_a_blank_title_and_a_short_key(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a)
    for field, value in [("title", ""), ("public_key", "court")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Survey.objects.filter(pk=survey.pk).update(**{field: value})


def test_database_refuses_a_long_remark_and_a_malformed_hash(cast: Any) -> None:
    response = SurveyResponseFactory(survey=SurveyFactory(place=cast.place_a))
    for field, value in [("free_text", "x" * 1001), ("source_hash", "abc")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            SurveyResponse.objects.filter(pk=response.pk).update(**{field: value})


def test_public_keys_are_long_random_and_renewable(cast: Any) -> None:
    first, second = SurveyFactory(place=cast.place_a), SurveyFactory(place=cast.place_a)
    assert len(first.public_key) >= 22
    assert first.public_key != second.public_key
    old = first.public_key
    first.regenerate_key()
    first.refresh_from_db()
    assert first.public_key != old


def test_partner_choices_are_the_structures_current_agreements(cast: Any) -> None:
    cpam = PartnerFactory(code="cpam", name="CPAM")
    ended = PartnerFactory(code="edf", name="EDF")
    AgreementFactory(structure=cast.structure_a, partner=cast.partner, start=dt.date(2020, 1, 1))
    AgreementFactory(structure=cast.structure_a, partner=ended, start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1))
    AgreementFactory(structure=cast.structure_b, partner=cpam, start=dt.date(2020, 1, 1))
    survey = SurveyFactory(place=cast.place_a)
    assert list(survey.partner_choices(timezone.localdate())) == [cast.partner]
