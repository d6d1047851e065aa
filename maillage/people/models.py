"""A mediator's profile: employment periods per structure, assignments to places, skills, trainings,
habilitations and languages; and the changes a mediator proposes to their own profile.

Periods and assignments may stay open (no end: still running). Two periods of one person in one
structure, or two assignments of one person to one place, may not overlap; assignments to different
places at once are allowed (a permanence elsewhere one day a week).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.people.enums import (
    HabilitationKind,
    LanguageLevel,
    ProposalAction,
    ProposalKind,
    ProposalStatus,
    SkillDomain,
    SkillLevel,
    SpokenLanguage,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User

END_BEFORE_START = "La fin ne peut pas être avant le début."
PERIOD_OVERLAP = "Cette période chevauche une autre période de cette personne dans la même structure ({other})."
ASSIGNMENT_OVERLAP = "Cette affectation chevauche une autre affectation de cette personne au même lieu ({other})."
SKILL_SUBJECT = "Indiquez un partenaire ou un domaine pour cette compétence."
EXPIRY_BEFORE_DATE = "L'expiration ne peut pas être avant la date d'obtention."
ONE_PENDING_PER_ENTRY = (
    "Une proposition est déjà en attente pour cette information : attendez la réponse du responsable."
)
TARGET_GONE = "cette information a été supprimée du profil depuis la proposition."
TARGET_CHANGED = "cette information a été modifiée depuis la proposition ; refusez-la et demandez-en une nouvelle."


def _span(start: dt.date, end: dt.date | None) -> str:
    return f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}" if end else f"depuis le {start:%d/%m/%Y}"


def _ends_after_start(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end__isnull=True) | Q(end__gte=F("start")),
        name=name,
        violation_error_message=END_BEFORE_START,
    )


def overlapping(queryset: Any, start: dt.date, end: dt.date | None) -> Any:
    """Rows of `queryset` (with `start` and an optional `end`) sharing at least one day with [start, end]."""
    query = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        query &= Q(start__lte=end)
    return queryset.filter(query)


class Span(models.Model):
    """Something running from `start` to an optional `end`, for one person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateField("début")
    end = models.DateField("fin", null=True, blank=True, help_text="Laisser vide tant que cela dure.")

    class Meta:
        abstract = True

    @property
    def span(self) -> str:
        return _span(self.start, self.end)

    def is_current(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def _check_dates(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": END_BEFORE_START})


class EmploymentPeriod(Span):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employment_periods")
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="employment_periods"
    )
    job_title = models.CharField("fonction", max_length=150, blank=True)

    class Meta:
        verbose_name = "période d'emploi"
        verbose_name_plural = "périodes d'emploi"
        ordering = ["-start", "-pk"]
        constraints = [_ends_after_start("employment_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.structure} ({self.span})"

    def clean(self) -> None:
        self._check_dates()
        if self.start and self.user_id and self.structure_id:
            others = EmploymentPeriod.objects.filter(user_id=self.user_id, structure_id=self.structure_id)
            other = overlapping(others.exclude(pk=self.pk), self.start, self.end).first()
            if other is not None:
                raise ValidationError(PERIOD_OVERLAP.format(other=other.span))


class Assignment(Span):
    """A person working at a place (or at one stop of an itinerant place: a permanence, a bus stop)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    place = models.ForeignKey(
        "network.Place", verbose_name="lieu", on_delete=models.CASCADE, related_name="assignments"
    )
    stop = models.ForeignKey(
        "network.OutreachStop",
        verbose_name="étape ou permanence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField("précision", max_length=150, blank=True, help_text="Par exemple : le mardi matin.")

    class Meta:
        verbose_name = "affectation"
        ordering = ["-start", "-pk"]
        constraints = [_ends_after_start("assignment_ends_after_start")]
        indexes = [models.Index(fields=["place", "start"], name="assignment_place_start_idx")]

    def __str__(self) -> str:
        return f"{self.place} ({self.span})"

    def clean(self) -> None:
        self._check_dates()
        if self.stop is not None and self.place_id and self.stop.place_id != self.place_id:
            raise ValidationError({"stop": "Cette étape n'appartient pas à ce lieu."})
        if self.start and self.user_id and self.place_id:
            others = Assignment.objects.filter(user_id=self.user_id, place_id=self.place_id).exclude(pk=self.pk)
            other = overlapping(others, self.start, self.end).first()
            if other is not None:
                raise ValidationError(ASSIGNMENT_OVERLAP.format(other=other.span))


class Skill(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills")
    partner = models.ForeignKey(
        "network.Partner", verbose_name="partenaire", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    domain = models.CharField("ou domaine", max_length=20, choices=SkillDomain.choices, blank=True)
    level = models.CharField("niveau", max_length=10, choices=SkillLevel.choices, default=SkillLevel.BEGINNER)
    acquired_on = models.DateField("date", default=timezone.localdate)

    class Meta:
        verbose_name = "compétence"
        ordering = ["-acquired_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(domain=""),
                name="skill_has_subject",
                violation_error_message=SKILL_SUBJECT,
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_level_display()})"

    @property
    def subject(self) -> str:
        return str(self.partner) if self.partner_id else self.get_domain_display()

    def clean(self) -> None:
        if not self.partner_id and not self.domain:
            raise ValidationError(SKILL_SUBJECT)


class Training(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField("intitulé", max_length=200)
    organiser = models.CharField("organisme", max_length=200)
    start = models.DateField("début")
    end = models.DateField("fin")
    expires_on = models.DateField("valable jusqu'au", null=True, blank=True, help_text="Si la formation expire.")

    class Meta:
        verbose_name = "formation"
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="training_ends_after_start",
                violation_error_message=END_BEFORE_START,
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organiser})"

    def is_expired(self, day: dt.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (day or timezone.localdate())

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "La formation ne peut pas finir avant de commencer."})


class Habilitation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habilitations")
    kind = models.CharField("habilitation", max_length=20, choices=HabilitationKind.choices)
    label = models.CharField("précision", max_length=150, blank=True, help_text="Pour « Autre » : laquelle.")
    number = models.CharField("numéro", max_length=50, blank=True)
    obtained_on = models.DateField("date d'obtention")
    expires_on = models.DateField("valable jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "habilitation"
        ordering = ["-obtained_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("obtained_on")),
                name="habilitation_expires_after_obtained",
                violation_error_message=EXPIRY_BEFORE_DATE,
            )
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def is_expired(self, day: dt.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (day or timezone.localdate())

    def clean(self) -> None:
        if self.obtained_on and self.expires_on and self.expires_on < self.obtained_on:
            raise ValidationError({"expires_on": EXPIRY_BEFORE_DATE})


class Language(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField("langue", max_length=2, choices=SpokenLanguage.choices)
    level = models.CharField("niveau", max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = "langue parlée"
        verbose_name_plural = "langues parlées"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code"],
                name="language_unique_per_user",
                violation_error_message="Cette langue est déjà indiquée.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.get_level_display()})"

    def clean(self) -> None:
        if (
            self.user_id
            and self.code
            and Language.objects.filter(user_id=self.user_id, code=self.code).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"code": "Cette langue est déjà indiquée."})


ENTRY_MODELS: dict[str, type[models.Model]] = {
    ProposalKind.SKILL: Skill,
    ProposalKind.TRAINING: Training,
    ProposalKind.HABILITATION: Habilitation,
    ProposalKind.LANGUAGE: Language,
}


class ProposalQuerySet(models.QuerySet["ProfileChangeProposal"]):
    def pending(self) -> ProposalQuerySet:
        return self.filter(status=ProposalStatus.PENDING)


def entry_values(entry: models.Model) -> dict[str, str]:
    """The entry's own fields as text, to tell later whether it changed since a proposal was made."""
    fields = [field for field in entry._meta.concrete_fields if field.name not in ("id", "user")]
    return {field.name: field.value_to_string(entry) for field in fields}


class ProfileChangeProposal(models.Model):
    """A change a mediator proposes to their own profile: a new entry (`action` add), new values for
    one of their entries (change) or its removal (remove, with a reason). A manager of one of their
    structures accepts it (`accept` applies it as if the manager typed it) or refuses it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_proposals")
    kind = models.CharField("nature", max_length=20, choices=ProposalKind.choices)
    action = models.CharField("demande", max_length=10, choices=ProposalAction.choices, default=ProposalAction.ADD)
    target_id = models.PositiveBigIntegerField("information visée", null=True, blank=True)
    original = models.JSONField("valeurs au moment de la proposition", null=True, blank=True)
    before = models.CharField("avant", max_length=300, blank=True)
    reason = models.CharField("motif de la demande", max_length=300, blank=True)
    data = models.JSONField("valeurs proposées")
    summary = models.CharField("résumé", max_length=300)
    status = models.CharField("état", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField("motif", max_length=300, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition de modification du profil"
        verbose_name_plural = "propositions de modification du profil"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=ProposalAction.ADD, target_id__isnull=True)
                | (~Q(action=ProposalAction.ADD) & Q(target_id__isnull=False)),
                name="proposal_target_unless_add",
                violation_error_message="Une modification ou une suppression vise une information du profil.",
            ),
            models.UniqueConstraint(
                fields=["kind", "target_id"],
                condition=Q(status=ProposalStatus.PENDING, target_id__isnull=False),
                name="proposal_one_pending_per_entry",
                violation_error_message=ONE_PENDING_PER_ENTRY,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}, {self.get_kind_display().lower()} : {self.summary}"

    def target(self) -> models.Model | None:
        """The entry a change or a removal is about, locked until the end of the transaction; None if gone."""
        entries = ENTRY_MODELS[self.kind]._default_manager.select_for_update()
        return entries.filter(user_id=self.user_id, pk=self.target_id).first()

    def build_entry(self) -> models.Model:
        """The proposed entry, not saved: stored values turned back into the model's fields."""
        return self._apply(ENTRY_MODELS[self.kind](user_id=self.user_id))

    def _apply(self, entry: models.Model) -> models.Model:
        model = type(entry)
        for name, value in self.data.items():
            field: Any = model._meta.get_field(name)
            if field.is_relation:
                setattr(entry, f"{name}_id", value)
            else:
                setattr(entry, name, field.to_python(value))
        return entry

    @transaction.atomic
    def accept(self, by: User) -> models.Model:
        """Applies the proposal (checked as if typed by the manager) and closes it. A change or a
        removal of an entry deleted or changed since is not applied: the proposal stays pending."""
        if self.status != ProposalStatus.PENDING:
            raise ValidationError("Cette proposition a déjà été traitée.")
        if self.action == ProposalAction.ADD:
            entry = self.build_entry()
        else:
            target = self.target()
            if target is None:
                raise ValidationError(TARGET_GONE)
            if entry_values(target) != self.original:
                raise ValidationError(TARGET_CHANGED)
            entry = self._apply(target)
        if self.action == ProposalAction.REMOVE:
            entry.delete()
        else:
            entry.full_clean()
            entry.save()
        self._close(ProposalStatus.ACCEPTED, by)
        return entry

    def refuse(self, by: User, note: str = "") -> None:
        if self.status != ProposalStatus.PENDING:
            raise ValidationError("Cette proposition a déjà été traitée.")
        self.review_note = note
        self._close(ProposalStatus.REFUSED, by)

    def _close(self, status: str, by: User) -> None:
        self.status, self.reviewed_by, self.reviewed_at = status, by, timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
