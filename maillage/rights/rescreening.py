"""Nightly re-screening: active person files whose situation changed or whose legislation year changed
are screened again, in batches (the service computes many households in one simulation).

A file is re-screened when its latest screening
- is pending (typed while the service was down),
- was computed for an earlier year than today's (the legislation of the new year applies),
- has a member who crossed an age the rights depend on since (25 for the RSA, 60 to 67 for the ASPA
  and retirement, 18 to 21 for a child leaving the household's charge), ages moved on from the day
  they were given, or
- predates a followed right opened since: that right is now received (and changes the others).
A file is active when it had an activity in the last `ACTIVE_MONTHS` months or has an open followed
right. The new screening keeps the consent of the one it follows (the same situation, recomputed);
each newly probable right is followed with a reminder today, so its mediator sees it; a right already
followed gets the new amount. Nothing here counts as an activity of the person (retention is unchanged).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from maillage.counter.retention import months_before
from maillage.rights.enums import OPEN_STAGES, ScreeningOrigin, ScreeningStatus, Stage
from maillage.rights.models import FollowedRight, Screening
from maillage.rights.openfisca import ScreeningUnavailable, screen
from maillage.rights.screening import aged, household_of, results_json, to_follow
from maillage.rights.services import follow_rights

logger = logging.getLogger(__name__)

ACTIVE_MONTHS = 6
BATCH = 250  # households per call of the service (the next batch is computed while one is stored)
AGE_THRESHOLDS = (18, 20, 21, 25, 60, 62, 65, 67)
REASONS = {
    "pending": "situation en attente de calcul",
    "year": "nouvelle année de législation",
    "age": "âge franchi",
    "opened": "droit ouvert depuis le dernier calcul",
}


@dataclass
class RescreenReport:
    candidates: int = 0
    screened: int = 0
    new_rights: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    unavailable: str = ""

    def lines(self) -> list[str]:
        lines = [f"Dossiers à recalculer : {self.candidates}", f"Dossiers recalculés : {self.screened}"]
        lines += [f"  dont {REASONS[key]} : {count}" for key, count in sorted(self.reasons.items())]
        lines.append(f"Nouveaux droits probables suivis : {self.new_rights}")
        if self.unavailable:
            lines.append(self.unavailable)
        return lines


@dataclass
class Candidate:
    latest: Screening
    situation: dict[str, Any]
    period: str
    reason: str


def _ages(situation: dict[str, Any]) -> list[int]:
    adults = [situation.get(role) for role in ("applicant", "partner")]
    return [adult["age"] for adult in adults if adult] + list(situation.get("children", []))


def crossed_threshold(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return any(
        old < threshold <= new
        for old, new in zip(_ages(before), _ages(after), strict=True)
        for threshold in AGE_THRESHOLDS
    )


def latest_screenings(now: dt.datetime) -> list[Screening]:
    """The latest screening of each active file."""
    cutoff = months_before(now, ACTIVE_MONTHS)
    open_right = FollowedRight.objects.filter(person=OuterRef("person"), stage__in=list(OPEN_STAGES))
    newer = Screening.objects.filter(person=OuterRef("person"), created_at__gt=OuterRef("created_at"))
    return list(
        Screening.objects.annotate(open_right=Exists(open_right), newer=Exists(newer))
        .filter(newer=False)
        .filter(Q(person__last_activity_at__gte=cutoff) | Q(open_right=True))
        .select_related("person", "mediator", "place")
        .order_by("pk")
    )


def candidates(now: dt.datetime) -> list[Candidate]:
    today = timezone.localdate(now)
    period = today.strftime("%Y-%m")
    found = []
    opened: dict[int, list[tuple[str, dt.date]]] = {}
    rows = FollowedRight.objects.filter(stage=Stage.OPENED).values_list("person_id", "right", "decided_on")
    for person_id, right, decided_on in rows:
        if decided_on is not None:  # an opened right always has its decision date (a database constraint)
            opened.setdefault(person_id, []).append((right, decided_on))
    for latest in latest_screenings(now):
        situation = latest.situation_data
        if latest.status == ScreeningStatus.PENDING:
            found.append(Candidate(latest, situation, latest.period, "pending"))
            continue
        moved = aged(situation, today)
        received = set(situation.get("received", []))
        screened_on = timezone.localdate(latest.created_at)
        since = {right for right, day in opened.get(latest.person_id, []) if day >= screened_on} - received
        if since:
            moved = {**moved, "received": sorted(received | since)}
            found.append(Candidate(latest, moved, period, "opened"))
        elif latest.period[:4] < period[:4]:
            found.append(Candidate(latest, moved, period, "year"))
        elif crossed_threshold(situation, moved):
            found.append(Candidate(latest, moved, period, "age"))
    return found


def rescreen(now: dt.datetime | None = None) -> RescreenReport:
    """Screen every candidate again, `BATCH` households per call; stops (and says so) when the service
    cannot answer: the files stay candidates for the next night. The service computes the next batch
    while the database stores the one before (a second thread waits on the HTTP answer)."""
    now = now or timezone.now()
    report = RescreenReport()
    found = candidates(now)
    report.candidates = len(found)
    chunks = [found[start : start + BATCH] for start in range(0, len(found), BATCH)]
    partners: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_compute, chunks[0]) if chunks else None
        for index, chunk in enumerate(chunks):
            assert pending is not None
            try:
                results = pending.result()
            except ScreeningUnavailable as error:  # tomorrow is another night
                report.unavailable = str(error)
                logger.warning("rescreen stopped: %s", error)
                return report
            pending = pool.submit(_compute, chunks[index + 1]) if index + 1 < len(chunks) else None
            with transaction.atomic():  # one commit per batch, one savepoint per file
                for candidate, result in zip(chunk, results, strict=True):
                    report.new_rights += _store(candidate, result, now, partners)
                    report.screened += 1
                    report.reasons[candidate.reason] += 1
    return report


def _compute(chunk: list[Candidate]) -> list[Any]:
    """The results of a batch, in its order: one call per month of situation (pending screenings keep
    the month they were typed for). Reads no database: it runs beside the thread that stores."""
    results: dict[int, Any] = {}
    for period in sorted({candidate.period for candidate in chunk}):
        group = [candidate for candidate in chunk if candidate.period == period]
        computed = screen([household_of(candidate.situation) for candidate in group], period=period)
        results.update({id(candidate): result for candidate, result in zip(group, computed, strict=True)})
    return [results[id(candidate)] for candidate in chunk]


def _store(candidate: Candidate, result: Any, now: dt.datetime, partners: dict[str, Any]) -> int:
    """Store one recomputed screening and follow its probable rights; returns the rights newly followed."""
    latest = candidate.latest
    received = set(candidate.situation.get("received", []))
    with transaction.atomic():
        if candidate.reason == "pending":
            screening = latest
        else:
            screening = Screening(
                person=latest.person,
                structure_id=latest.structure_id,
                place=latest.place,
                mediator=latest.mediator,
                origin=ScreeningOrigin.NIGHTLY,
                consent_given_on=latest.consent_given_on,
                consent_method=latest.consent_method,
                period=candidate.period,
                situation=json.dumps(candidate.situation),
            )
        screening.status = ScreeningStatus.COMPUTED
        screening.results = results_json(result, received)
        screening.openfisca_version = result.openfisca_version
        screening.computed_at = now
        screening.save()
        found = to_follow(screening.results_data)
        day = timezone.localdate(now)
        followed = follow_rights(
            person=latest.person,
            found=found,
            mediator=latest.mediator,
            place=latest.place,
            touch=False,
            remind_new_on=day,
            note_new=f"Identifié par le recalcul de nuit du {day:%d/%m/%Y} ({REASONS[candidate.reason]}).",
            partners=partners,
        )
    return sum(1 for right in followed if right.created_now)
