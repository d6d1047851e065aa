"""Demo satisfaction surveys: three places, about thirty answers over this year and the last."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from maillage.network.models import Agreement, Partner, Place
from maillage.surveys.models import Survey, SurveyResponse

TITLE = "Votre avis sur notre accueil"
QUESTIONS = [
    "Avez-vous été bien accueilli(e) ?",
    "Les explications étaient-elles claires ?",
    "Votre démarche a-t-elle avancé ?",
]
PLACES = {"PIMMS Lyon 8e — Mermoz": 12, "PIMMS Lyon 9e — La Duchère": 10, "France Services Montbrison": 9}
SCORE_WEIGHTS = [(None, 6), (1, 2), (2, 4), (3, 12), (4, 36), (5, 40)]  # about 9 in 10 satisfied
REMARKS = [
    "Merci pour votre patience, j'ai enfin pu déclarer mes revenus.",
    "Beaucoup d'attente le lundi matin.",
    "Très bien expliqué, je saurai le refaire seul.",
    "Il faudrait plus de créneaux le samedi.",
    "Accueil chaleureux, merci !",
]


def _partners(place: Place) -> list[Partner]:
    agreements = Agreement.objects.filter(structure_id=place.structure_id).values("partner_id")
    return list(Partner.objects.filter(pk__in=agreements).order_by("code"))


def _answers(
    rng: random.Random, survey: Survey, count: int, since: dt.datetime, now: dt.datetime
) -> list[SurveyResponse]:
    partners = _partners(survey.place)
    span = int((now - since).total_seconds())
    rows: list[SurveyResponse] = []
    for _ in range(count):
        scores = rng.choices([s for s, _ in SCORE_WEIGHTS], [w for _, w in SCORE_WEIGHTS], k=len(QUESTIONS))
        rows.append(
            SurveyResponse(
                survey=survey,
                submitted_at=since + dt.timedelta(seconds=rng.randrange(span)),
                partner=rng.choice(partners) if partners and rng.random() < 0.8 else None,
                scores=scores if any(s is not None for s in scores) else [4, None, None],
                free_text=rng.choice(REMARKS) if rng.random() < 0.3 else "",
            )
        )
    return rows


@transaction.atomic
def build_surveys(*, seed: int = 2026, now: dt.datetime | None = None) -> int:
    """One open survey per demo place listed above; answers are added only to a survey without any."""
    rng = random.Random(seed)
    now = now or timezone.now()
    # "This year" is the local one: at 00:30 on 1 January in Paris it is still the last day of the year in UTC.
    since = timezone.make_aware(dt.datetime(timezone.localdate(now).year - 1, 1, 1))
    made = 0
    for place in Place.objects.filter(name__in=PLACES, source="demo").order_by("name"):
        survey, _ = Survey.objects.get_or_create(
            place=place,
            title=TITLE,
            defaults={
                "intro": "Trois questions, une minute : merci de nous aider à mieux vous accueillir.",
                "questions": QUESTIONS,
                "created_at": since,
            },
        )
        if not survey.responses.exists():
            SurveyResponse.objects.bulk_create(_answers(rng, survey, PLACES[place.name], since, now))
        made += 1
    return made
