"""The demo territory comes with a few answered surveys, and running the demo again adds none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

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
    assert years == {this_year - 1, this_year}
    assert SurveyResponse.objects.filter(submitted_at__gt=timezone.now() + dt.timedelta(minutes=1)).count() == 0
    assert SurveyResponse.objects.filter(partner__isnull=False).exists()
    assert SurveyResponse.objects.exclude(free_text="").exists()
    for response in SurveyResponse.objects.select_related("survey"):
        response.full_clean()
    assert "3 questionnaires de satisfaction" in capsys.readouterr().out
