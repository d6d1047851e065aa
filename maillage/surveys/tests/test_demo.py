"""The demo territory comes with a few answered surveys, and running the demo again adds none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.network.demo import build_demo
from maillage.surveys.demo import build_surveys
from maillage.surveys.models import Survey, SurveyResponse

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_plausible_and_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    first = (Survey.objects.count(), SurveyResponse.objects.count())
    call_command("demo")
    assert (Survey.objects.count(), SurveyResponse.objects.count()) == first
    assert Survey.objects.filter(is_active=True).count() == 3
    assert 25 <= SurveyResponse.objects.count() <= 35
    years = {timezone.localtime(d).year for d in SurveyResponse.objects.values_list("submitted_at", flat=True)}
    this_year = timezone.localdate().year
    # In the first days of January this year may have no answer yet: a fixed "now" checks both years below.
    assert this_year - 1 in years
    assert years <= {this_year - 1, this_year}
    assert SurveyResponse.objects.filter(submitted_at__gt=timezone.now() + dt.timedelta(minutes=1)).count() == 0
    assert SurveyResponse.objects.filter(partner__isnull=False).exists()
    assert SurveyResponse.objects.exclude(free_text="").exists()
    for response in SurveyResponse.objects.select_related("survey"):
        response.full_clean()
    assert "3 questionnaires de satisfaction" in capsys.readouterr().out


def _local_years(now: dt.datetime) -> set[int]:
    build_demo()
    build_surveys(now=now)
    moments = list(SurveyResponse.objects.values_list("submitted_at", flat=True))
    assert max(moments) <= now
    return {timezone.localtime(moment).year for moment in moments}


def test_demo_survey_answers_cover_this_year_and_the_last() -> None:
    assert _local_years(dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)) == {2025, 2026}


def test_demo_survey_answers_start_last_year_in_paris_when_utc_is_a_year_behind() -> None:
    # 23:30 UTC on 31 December 2026 is 00:30 on 1 January 2027 in Paris: "last year" is 2026, not 2025.
    years = _local_years(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC))
    assert min(years) == 2026
    assert years <= {2026, 2027}
