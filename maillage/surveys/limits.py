"""Flood limit of the public answer page, without keeping any address.

An answer stores `source_hash`: an HMAC of the client address and the local day, keyed by the
settings secret (SECRET_KEY, under its own salt). It cannot be turned back into an address, changes
every day so answers cannot be linked across days, and is blanked after SURVEY_SOURCE_HASH_DAYS.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from maillage.surveys.models import Survey, SurveyResponse

SALT = "maillage.surveys.source"
WINDOW = dt.timedelta(hours=1)


def source_hash(address: str, day: dt.date) -> str:
    return salted_hmac(SALT, f"{address}|{day.isoformat()}", algorithm="sha256").hexdigest()


def _recent_hashes(address: str, now: dt.datetime) -> list[str]:
    """Today's hash, and yesterday's while the last hour reaches over midnight."""
    days = {timezone.localdate(now), timezone.localdate(now - WINDOW)}
    return [source_hash(address, day) for day in sorted(days)]


def too_many_answers(survey: Survey, address: str, now: dt.datetime) -> bool:
    """True when this address already answered this survey, or all surveys, too often this hour."""
    recent = SurveyResponse.objects.filter(
        source_hash__in=_recent_hashes(address, now), submitted_at__gt=now - WINDOW
    ).values_list("survey_id", flat=True)
    survey_ids = list(recent[: settings.SURVEY_ANSWERS_PER_HOUR_GLOBAL])
    if len(survey_ids) >= settings.SURVEY_ANSWERS_PER_HOUR_GLOBAL:
        return True
    return survey_ids.count(survey.pk) >= settings.SURVEY_ANSWERS_PER_HOUR


def blank_old_hashes(now: dt.datetime) -> int:
    """Retention: the flood hash is useless after an hour; it is kept at most a couple of days."""
    before = now - dt.timedelta(days=settings.SURVEY_SOURCE_HASH_DAYS)
    return SurveyResponse.objects.filter(submitted_at__lt=before).exclude(source_hash="").update(source_hash="")
