from django.db import models


class Score(models.IntegerChoices):
    """The 1–5 answer scale of every survey question."""

    VERY_DISSATISFIED = 1, "1 — Pas du tout satisfait"
    DISSATISFIED = 2, "2 — Plutôt pas satisfait"
    NEUTRAL = 3, "3 — Moyennement satisfait"
    SATISFIED = 4, "4 — Plutôt satisfait"
    VERY_SATISFIED = 5, "5 — Très satisfait"


MIN_SCORE = Score.VERY_DISSATISFIED.value
MAX_SCORE = Score.VERY_SATISFIED.value
MAX_QUESTIONS = 6
MAX_QUESTION_LENGTH = 200
MAX_FREE_TEXT = 1000
OTHER_PARTNER_LABEL = "Autre / je ne sais pas"
