"""The skills check's scoring: each level reached by known answers, never above what the answers allow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.workshops.enums import LEVEL_ORDER, Answer, Level
from maillage.workshops.skills import BASIC, CRCN, EVERYDAY, MAX_SCORE, TASK_CODES, TASKS, score
from maillage.workshops.tests.helpers import answers

ANSWERS = [Answer.NOT_DONE, Answer.HELPED, Answer.ALONE]  # worst to best
RANK = {a: i for i, a in enumerate(ANSWERS)}


def test_nothing_done_is_initiation_with_a_zero_score() -> None:
    result = score(answers(Answer.NOT_DONE))
    assert (result.level, result.score) == (Level.BEGINNER, 0)


def test_basics_done_only_with_help_stay_initiation() -> None:
    assert score(answers(Answer.HELPED, Answer.ALONE, Answer.ALONE)).level == Level.BEGINNER


def test_basics_alone_and_everyday_tasks_with_help_is_perfectionnement() -> None:
    result = score(answers(Answer.ALONE, Answer.HELPED))
    assert result.level == Level.INTERMEDIATE
    assert result.score == 4 * 2 + 4 * 1


def test_basics_and_everyday_tasks_alone_is_autonomie_whatever_the_advanced_block() -> None:
    assert score(answers(Answer.ALONE, Answer.ALONE, Answer.NOT_DONE)).level == Level.AUTONOMOUS
    full = score(answers(Answer.ALONE, Answer.ALONE, Answer.ALONE))
    assert (full.level, full.score) == (Level.AUTONOMOUS, MAX_SCORE)


def test_three_of_four_alone_acquire_a_block_but_one_task_not_done_does_not() -> None:
    three_alone = answers(Answer.ALONE, Answer.ALONE)
    everyday = [t.code for t in TASKS if t.block == EVERYDAY]
    three_alone[everyday[0]] = Answer.HELPED
    assert score(three_alone).level == Level.AUTONOMOUS
    three_alone[everyday[0]] = Answer.NOT_DONE
    assert score(three_alone).level == Level.INTERMEDIATE


def test_a_missing_or_unknown_answer_is_refused() -> None:
    partial = answers(Answer.ALONE)
    del partial[TASK_CODES[0]]
    with pytest.raises(ValueError, match="Réponses manquantes"):
        score(partial)
    with pytest.raises(ValueError, match="connect_wifi"):
        score({**answers(Answer.ALONE), TASK_CODES[1]: "maybe"})


def test_a_dozen_tasks_each_mapped_to_a_crcn_competence() -> None:
    assert 10 <= len(TASKS) <= 14
    assert len(set(TASK_CODES)) == len(TASKS)
    assert all(task.crcn in CRCN for task in TASKS)
    assert {t.block for t in TASKS if t.code in {"unlock_phone", "read_sms_code"}} == {BASIC}


answer_sets = st.fixed_dictionaries({code: st.sampled_from(ANSWERS) for code in TASK_CODES})


@given(answer_sets, answer_sets)
def test_the_level_never_rises_when_an_answer_gets_worse(first: dict[str, str], second: dict[str, str]) -> None:
    worse = {code: min(first[code], second[code], key=RANK.__getitem__) for code in TASK_CODES}
    assert LEVEL_ORDER[score(worse).level] <= LEVEL_ORDER[score(first).level]
    assert score(worse).score <= score(first).score


@given(answer_sets)
def test_a_basic_task_not_done_always_means_initiation(given_answers: dict[str, str]) -> None:
    basic = [t.code for t in TASKS if t.block == BASIC]
    given_answers[basic[0]] = Answer.NOT_DONE
    assert score(given_answers).level == Level.BEGINNER
