"""Satisfaction surveys of a place and their anonymous answers (no user, no address stored)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from maillage.surveys.enums import MAX_FREE_TEXT, MAX_QUESTION_LENGTH, MAX_QUESTIONS, MAX_SCORE, MIN_SCORE

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.network.models import Partner

KEY_BYTES = 16  # 128 random bits: 22 URL-safe characters


def new_public_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def validate_questions(value: Any) -> None:
    """1 to MAX_QUESTIONS distinct, non-empty labels of at most MAX_QUESTION_LENGTH characters."""
    if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
        raise ValidationError("Les questions doivent être une liste de textes.")
    if not 1 <= len(value) <= MAX_QUESTIONS:
        raise ValidationError(f"Posez entre 1 et {MAX_QUESTIONS} questions (ici : {len(value)}).")
    for number, label in enumerate(value, start=1):
        if not label.strip():
            raise ValidationError(f"La question n° {number} est vide.")
        if len(label) > MAX_QUESTION_LENGTH:
            raise ValidationError(
                f"La question n° {number} dépasse {MAX_QUESTION_LENGTH} caractères ({len(label)} caractères)."
            )
    if len(set(value)) != len(value):
        raise ValidationError("Une même question est posée deux fois.")


def validate_scores(value: Any) -> None:
    """A list of notes, each an integer from 1 to 5 or None (question left unanswered)."""
    if not isinstance(value, list):
        raise ValidationError("Les notes doivent être une liste.")
    for score in value:
        if score is None:
            continue
        if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
            raise ValidationError(f"Chaque note est un nombre entier de {MIN_SCORE} à {MAX_SCORE}, ou reste vide.")


class SurveyQuerySet(models.QuerySet["Survey"]):
    def for_user(self, user: User) -> SurveyQuerySet:
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="place__structure__"))

    def active(self) -> SurveyQuerySet:
        return self.filter(is_active=True)


class Survey(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField("titre", max_length=200)
    intro = models.TextField("texte d'introduction", blank=True)
    questions = models.JSONField("questions", default=list, validators=[validate_questions])
    free_text_label = models.CharField(
        "question libre (facultative)",
        max_length=MAX_QUESTION_LENGTH,
        blank=True,
        default="Une remarque ?",
        help_text="Laissez vide pour ne pas proposer de champ libre.",
    )
    is_active = models.BooleanField("ouvert aux réponses", default=True)
    public_key = models.CharField(max_length=64, unique=True, default=new_public_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "questionnaire de satisfaction"
        verbose_name_plural = "questionnaires de satisfaction"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title=""),
                name="survey_title_not_blank",
                violation_error_message="Donnez un titre au questionnaire.",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("public_key"), 20),
                name="survey_public_key_unguessable",
                violation_error_message="La clé publique du questionnaire est trop courte pour être sûre.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:results", args=[self.uuid])

    @property
    def public_path(self) -> str:
        return reverse("surveys:answer", args=[self.public_key])

    def partner_choices(self, day: dt.date | None = None) -> models.QuerySet[Partner]:
        """Partners the place's structure has an agreement with on `day` (today by default)."""
        from maillage.network.models import Agreement, Partner

        agreements = Agreement.objects.filter(structure_id=self.place.structure_id).active_on(
            day or timezone.localdate()
        )
        return Partner.objects.filter(pk__in=agreements.values("partner_id"), is_active=True).order_by("name")

    def regenerate_key(self) -> None:
        """A new public link: the old link and every printed QR code stop working at once."""
        self.public_key = new_public_key()
        self.save(update_fields=["public_key"])

    def deactivate(self) -> None:
        self.is_active = False
        self.save(update_fields=["is_active"])

    def activate(self) -> None:
        self.is_active = True
        self.save(update_fields=["is_active"])

    def record_answer(
        self, *, scores: list[int | None], partner: Partner | None, free_text: str, source_hash: str
    ) -> SurveyResponse:
        """Store one anonymous answer after checking it; raises ValidationError on bad input."""
        response = SurveyResponse(
            survey=self, scores=scores, partner=partner, free_text=free_text.strip(), source_hash=source_hash
        )
        response.full_clean()
        response.save()
        return response


class SurveyResponseQuerySet(models.QuerySet["SurveyResponse"]):
    def submitted_between(self, start: dt.date, end: dt.date) -> SurveyResponseQuerySet:
        """Answers given from `start` to `end` included, in local days (Europe/Paris)."""
        zone = timezone.get_current_timezone()
        first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return self.filter(submitted_at__gte=first, submitted_at__lt=after)


class SurveyResponse(models.Model):
    """One anonymous answer. `source_hash` only serves the flood limit and is blanked after two days."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField("envoyée le", default=timezone.now)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name="organisme pour lequel la personne est venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scores = models.JSONField("notes", default=list, validators=[validate_scores])
    free_text = models.TextField("remarque", max_length=MAX_FREE_TEXT, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse à un questionnaire"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="response_survey_submitted_idx"),
            models.Index(
                fields=["source_hash", "submitted_at"],
                condition=~models.Q(source_hash=""),
                name="response_source_recent_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("free_text"), MAX_FREE_TEXT),
                name="response_free_text_length",
                violation_error_message=f"La remarque ne peut pas dépasser {MAX_FREE_TEXT} caractères.",
            ),
            models.CheckConstraint(
                condition=models.Q(source_hash__regex=r"^([0-9a-f]{64})?$"),
                name="response_source_hash_format",
                violation_error_message="L'empreinte de provenance doit être vide ou faire 64 chiffres hexadécimaux.",
            ),
        ]

    def __str__(self) -> str:
        return f"Réponse du {timezone.localtime(self.submitted_at):%d/%m/%Y}"

    def clean(self) -> None:
        if self.survey_id and len(self.scores or []) != len(self.survey.questions):
            raise ValidationError({"scores": "Il faut une note (ou une case vide) par question du questionnaire."})
