"""Activity reports carry the satisfaction figures of their places, never a remark, masked for partners."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from maillage.factories import AgreementFactory, SurveyFactory, SurveyResponseFactory
from maillage.reports.compute import build_report
from maillage.reports.exports import to_csv, to_json
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope

REMARK = "Remarque à ne jamais montrer aux partenaires"


def _answers(cast: Any) -> None:
    AgreementFactory(structure=cast.structure_a, partner=cast.partner, start=dt.date(2024, 1, 1))
    survey = SurveyFactory(place=cast.place_a)
    moment = timezone.make_aware(dt.datetime(2025, 6, 3, 10))
    for index in range(7):
        partner = cast.partner if index < 5 else None  # 5 for the CAF, 2 without partner
        SurveyResponseFactory(survey=survey, scores=[5, 3], partner=partner, free_text=REMARK, submitted_at=moment)
    SurveyResponseFactory(survey=SurveyFactory(place=cast.place_b), scores=[1, 1], submitted_at=moment)


def test_structure_report_has_survey_tables(cast: Any) -> None:
    _answers(cast)
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"))
    assert report.surveys is not None
    assert report.surveys.total.responses == 7
    assert report.surveys.total.averages == [5.0, 3.0]
    csv = to_csv(report).decode("utf-8-sig")
    assert "Satisfaction par lieu (notes de 1 à 5)" in csv
    assert REMARK not in csv


def test_partner_report_drops_small_rows_and_never_shows_a_remark(cast: Any) -> None:
    _answers(cast)
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    report = build_report(scope, parse_period("2025"), partner=cast.partner, masked=True)
    assert report.surveys is not None
    assert [(row.label, row.responses) for row in report.surveys.by_partner] == [(cast.partner.name, 5)]
    for body in (to_csv(report).decode("utf-8-sig"), json.dumps(json.loads(to_json(report)))):
        assert REMARK not in body
