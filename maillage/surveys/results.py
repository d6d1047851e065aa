"""Satisfaction figures read from survey answers: pure queries, no free text ever.

`summarise` serves the reports (several places, several surveys); `survey_results` serves the
results page of one survey. Both read the answers in one query and add them up in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from maillage.surveys.enums import MAX_SCORE, MIN_SCORE, OTHER_PARTNER_LABEL
from maillage.surveys.models import Survey, SurveyResponse

TOTAL_LABEL = "Ensemble"


@dataclass(frozen=True)
class SurveyRow:
    label: str
    responses: int
    averages: list[float | None]  # one per question of the summary, None when nobody answered it
    overall: float | None  # mean of every answered score of the row


@dataclass(frozen=True)
class SurveySummary:
    questions: list[str]
    by_place: list[SurveyRow]
    by_partner: list[SurveyRow]
    total: SurveyRow


@dataclass(frozen=True)
class QuestionResult:
    label: str
    answered: int
    average: float | None
    distribution: list[int]  # how many answered 1, 2, 3, 4, 5


@dataclass(frozen=True)
class SurveyResults:
    responses: int
    questions: list[QuestionResult]
    by_partner: list[SurveyRow]
    overall: float | None


@dataclass
class _Tally:
    """Running sums of one row, keyed by question label."""

    responses: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, labels: list[str], scores: list[int | None]) -> None:
        self.responses += 1
        for label, score in zip(labels, scores, strict=False):
            if score is None:
                continue
            self.sums[label] = self.sums.get(label, 0) + score
            per_score = self.counts.setdefault(label, {})
            per_score[score] = per_score.get(score, 0) + 1

    def answered(self, label: str) -> int:
        return sum(self.counts.get(label, {}).values())

    def average(self, label: str) -> float | None:
        answered = self.answered(label)
        return self.sums[label] / answered if answered else None

    def row(self, label: str, questions: list[str]) -> SurveyRow:
        answered = sum(self.answered(q) for q in questions)
        overall = sum(self.sums.get(q, 0) for q in questions) / answered if answered else None
        return SurveyRow(label, self.responses, [self.average(q) for q in questions], overall)


Key = tuple[str, int]  # (name, id): rows sort by name, two homonyms stay apart


def _rows(tallies: dict[Key, _Tally], questions: list[str]) -> list[SurveyRow]:
    return [tallies[key].row(key[0], questions) for key in sorted(tallies)]


def _partner_rows(tallies: dict[Key | None, _Tally], questions: list[str]) -> list[SurveyRow]:
    """Partners by name, answers without a partner last under « Autre / je ne sais pas »."""
    rows = _rows({key: tally for key, tally in tallies.items() if key is not None}, questions)
    if None in tallies:
        rows.append(tallies[None].row(OTHER_PARTNER_LABEL, questions))
    return rows


def _partner_key(partner_id: int | None, name: str | None) -> Key | None:
    return None if partner_id is None else (name or "", partner_id)


def summarise(place_ids: Collection[int], start: dt.date, end: dt.date, partner_id: int | None = None) -> SurveySummary:
    """Satisfaction of the given places over `start`..`end` (local days, both included).

    Surveys may ask different questions: scores are pooled by question *label* (the exact text of
    the question), so two surveys asking « Avez-vous été bien accueilli(e) ? » share one average,
    and `questions` lists every label met, in the order of the surveys' creation. Averages count
    answered questions only (a question left blank weighs nothing); `overall` is the mean of every
    answered score of the row. `partner_id` keeps only the answers naming that partner. Rows exist
    for places and partners with at least one answer in the period. Free text is never read.
    """
    answers = SurveyResponse.objects.submitted_between(start, end).filter(survey__place_id__in=list(place_ids))
    if partner_id is not None:
        answers = answers.filter(partner_id=partner_id)
    rows: Iterable[tuple[list[int | None], list[str], int, str, int | None, str | None]] = answers.order_by(
        "survey__created_at", "survey_id", "pk"
    ).values_list(
        "scores", "survey__questions", "survey__place_id", "survey__place__name", "partner_id", "partner__name"
    )
    questions: list[str] = []
    total = _Tally()
    places: dict[Key, _Tally] = {}
    partners: dict[Key | None, _Tally] = {}
    for scores, labels, place_id, place_name, partner_id, partner_name in rows:
        questions += [label for label in labels if label not in questions]
        place = places.setdefault((place_name, place_id), _Tally())
        partner = partners.setdefault(_partner_key(partner_id, partner_name), _Tally())
        for tally in (total, place, partner):
            tally.add(labels, scores)
    return SurveySummary(
        questions=questions,
        by_place=_rows(places, questions),
        by_partner=_partner_rows(partners, questions),
        total=total.row(TOTAL_LABEL, questions),
    )


def survey_results(survey: Survey, start: dt.date, end: dt.date) -> SurveyResults:
    """Figures of one survey over `start`..`end`: averages, 1–5 distribution, rows by partner."""
    labels = list(survey.questions)
    answers = survey.responses.submitted_between(start, end).values_list("scores", "partner_id", "partner__name")
    total = _Tally()
    partners: dict[Key | None, _Tally] = {}
    for scores, partner_id, partner_name in answers:
        total.add(labels, scores)
        partners.setdefault(_partner_key(partner_id, partner_name), _Tally()).add(labels, scores)
    questions = [
        QuestionResult(
            label=label,
            answered=total.answered(label),
            average=total.average(label),
            distribution=[total.counts.get(label, {}).get(score, 0) for score in range(MIN_SCORE, MAX_SCORE + 1)],
        )
        for label in labels
    ]
    return SurveyResults(
        responses=total.responses,
        questions=questions,
        by_partner=_partner_rows(partners, labels),
        overall=total.row(TOTAL_LABEL, labels).overall,
    )
