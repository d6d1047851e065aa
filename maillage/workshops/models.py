"""Collective workshops (a session at a place, its registrations and roll call) and skills checks.

Seats are counted in the database: `Session.seats_taken` moves only by a conditional UPDATE
(`... WHERE seats_taken + n <= capacity AND NOT cancelled`) inside the transaction that writes the
registrations, and a CHECK keeps it within the capacity, so two mediators registering the last seat
at once cannot both get it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.workshops.enums import HOLDING_SEAT, Answer, Level, RegistrationStatus, SessionLevel, Theme

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.counter.models import Person

MAX_CAPACITY = 200
FULL = "Cet atelier est complet : il ne reste pas assez de places libres."


def _staff_filter(user: User, prefix: str) -> Q:
    from maillage.accounts.enums import STRUCTURE_ROLES
    from maillage.accounts.scoping import structure_filter

    return structure_filter(user, prefix=prefix, roles=set(STRUCTURE_ROLES))


class SessionQuerySet(models.QuerySet["Session"]):
    def for_user(self, user: User) -> SessionQuerySet:
        return self.filter(_staff_filter(user, "structure__"))

    def upcoming(self, now: dt.datetime | None = None) -> SessionQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now: dt.datetime | None = None) -> SessionQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())

    def with_free_seats(self) -> SessionQuerySet:
        return self.filter(cancelled=False, seats_taken__lt=F("capacity"))


class Session(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="workshop_sessions")
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.PROTECT, related_name="+")
    theme = models.CharField("thème", max_length=30, choices=Theme.choices)
    title = models.CharField("intitulé", max_length=150)
    level = models.CharField("niveau", max_length=20, choices=SessionLevel.choices, default=SessionLevel.ALL)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    capacity = models.PositiveSmallIntegerField("nombre de places")
    seats_taken = models.PositiveSmallIntegerField("places prises", default=0, editable=False)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="animateur ou animatrice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partners = models.ManyToManyField(
        "network.Partner", verbose_name="partenaires associés", blank=True, related_name="workshop_sessions"
    )
    cancelled = models.BooleanField("annulé", default=False, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "atelier"
        verbose_name_plural = "ateliers"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["structure", "starts_at"], name="workshop_structure_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="workshop_ends_after_start",
                violation_error_message="La fin de l'atelier doit être après son début.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="workshop_capacity_range",
                violation_error_message=f"Le nombre de places va de 1 à {MAX_CAPACITY}.",
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="workshop_not_over_capacity",
                violation_error_message="Un atelier ne peut pas avoir plus d'inscrits que de places.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def roll_call_open(self) -> bool:
        """Attendance is taken from the day of the session on, for sessions not cancelled."""
        return not self.cancelled and timezone.localdate(self.starts_at) <= timezone.localdate()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "La fin de l'atelier doit être après son début."
        if self.capacity is not None and self.capacity < self.seats_taken:
            errors["capacity"] = (
                f"{self.seats_taken} personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur."
            )
        if self.place_id and self.structure_id and self.place.structure_id != self.structure_id:
            errors["place"] = "Choisissez un lieu de la structure."
        if errors:
            raise ValidationError(errors)

    def register(
        self,
        *,
        by: User | None,
        person: Person | None = None,
        anonymous: int = 0,
        check: SkillsCheck | None = None,
    ) -> list[Registration]:
        """Registers a person file, or `anonymous` seats; refused in French when the seats are not free."""
        seats = 1 if person is not None else anonymous
        if seats < 1:
            raise ValidationError("Choisissez une personne ou un nombre de places anonymes.")
        if person is not None and person.structure_id != self.structure_id:
            raise ValidationError("Cette personne n'est pas suivie par la structure qui organise l'atelier.")
        with transaction.atomic():
            taken = Session.objects.filter(pk=self.pk, cancelled=False, seats_taken__lte=F("capacity") - seats).update(
                seats_taken=F("seats_taken") + seats
            )
            if not taken:
                current = Session.objects.filter(pk=self.pk).values_list("cancelled", flat=True).first()
                raise ValidationError("Cet atelier est annulé." if current else FULL)
            created = []
            try:
                with transaction.atomic():
                    for _ in range(seats):  # one save each: auditlog writes a line per registration
                        registration = Registration(session=self, person=person, registered_by=by, skills_check=check)
                        registration.save()
                        created.append(registration)
            except IntegrityError as exc:
                raise ValidationError("Cette personne est déjà inscrite à cet atelier.") from exc
        self.refresh_from_db(fields=["seats_taken"])
        return created

    def cancel(self) -> bool:
        """Cancelled once: registrations stay listed, the session leaves the figures and takes no one."""
        with transaction.atomic():
            current = Session.objects.select_for_update().values_list("cancelled", flat=True).get(pk=self.pk)
            if current:
                self.cancelled = True
                return False
            self.cancelled, self.cancelled_at = True, timezone.now()
            self.save(update_fields=["cancelled", "cancelled_at"])  # logged by auditlog
        return True


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_seat(self) -> RegistrationQuerySet:
        return self.filter(status__in=list(HOLDING_SEAT))


class Registration(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "counter.Person",
        verbose_name="dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_registrations",
    )
    status = models.CharField(
        "statut", max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    registered_at = models.DateTimeField("inscrit le", default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skills_check = models.ForeignKey(
        "workshops.SkillsCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations"
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à un atelier"
        verbose_name_plural = "inscriptions aux ateliers"
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False) & ~Q(status=RegistrationStatus.CANCELLED),
                name="workshop_person_registered_once",
                violation_error_message="Cette personne est déjà inscrite à cet atelier.",
            ),
        ]

    def __str__(self) -> str:
        return f"Inscription {str(self.uuid)[:8]} — {self.get_status_display()}"

    @property
    def anonymous(self) -> bool:
        return self.person_id is None

    def _move(self, status: str) -> str | None:
        """Sets the status if the seat is still held (checked on the locked row); returns the old status."""
        current = Registration.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
        if current not in HOLDING_SEAT or current == status:
            self.status = current
            return None
        self.status = status
        self.save(update_fields=["status"])  # logged by auditlog
        return current

    def mark(self, status: str) -> bool:
        """Roll call: present or absent (and back), on a seat still held; True when it changed."""
        if status not in {RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT, RegistrationStatus.REGISTERED}:
            raise ValidationError("Statut de présence inconnu.")
        if not self.session.roll_call_open:
            raise ValidationError("L'appel se fait à partir du jour de l'atelier.")
        with transaction.atomic():
            return self._move(status) is not None

    def cancel(self) -> bool:
        """Frees the seat, once (a registration already cancelled frees nothing)."""
        with transaction.atomic():
            if self._move(RegistrationStatus.CANCELLED) is None:
                return False
            Session.objects.filter(pk=self.session_id).update(seats_taken=F("seats_taken") - 1)
        return True


def seat_labels(registrations: list[Registration]) -> dict[int, str]:
    """What a page calls each seat: the person's name, or « Place anonyme n° k » counting anonymous seats."""
    labels, anonymous = {}, 0
    for registration in registrations:
        if registration.person is not None:
            labels[registration.pk] = registration.person.display_name
        else:
            anonymous += 1
            labels[registration.pk] = f"Place anonyme n° {anonymous}"
    return labels


class SkillsCheckQuerySet(models.QuerySet["SkillsCheck"]):
    def for_user(self, user: User) -> SkillsCheckQuerySet:
        return self.filter(_staff_filter(user, "structure__"))


class SkillsCheck(models.Model):
    """One digital-skills check (skills.py): on a person file, or anonymously on a visit."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="skills_checks")
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "counter.Person",
        verbose_name="dossier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="skills_checks",
    )
    visit = models.ForeignKey(
        "counter.Visit", verbose_name="passage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    checked_at = models.DateTimeField("date du diagnostic", default=timezone.now)
    answers = models.JSONField("réponses", default=dict)
    level = models.CharField("niveau", max_length=20, choices=Level.choices)
    score = models.PositiveSmallIntegerField("score")

    objects = SkillsCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "diagnostic numérique"
        verbose_name_plural = "diagnostics numériques"
        ordering = ["-checked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(visit__isnull=False),
                name="skills_check_on_person_or_visit",
                violation_error_message="Un diagnostic est rattaché à un dossier ou à un passage.",
            ),
        ]

    def __str__(self) -> str:
        return f"Diagnostic {str(self.uuid)[:8]} — {self.get_level_display()}"

    @classmethod
    def record(
        cls, *, answers: dict[str, str], place: Any, by: User | None, person: Person | None = None
    ) -> SkillsCheck:
        """Scores the answers (skills.py) and stores them; without a person file, on a new visit."""
        from maillage.counter.models import Visit
        from maillage.workshops.skills import TASK_CODES, score

        result = score(answers)
        if person is not None and person.structure_id != place.structure_id:
            raise ValidationError("Ce dossier n'appartient pas à la structure du lieu.")
        with transaction.atomic():
            return cls.objects.create(
                structure_id=place.structure_id,
                place=place,
                person=person,
                visit=None if person is not None else Visit.objects.create(),
                checked_by=by,
                answers={code: Answer(answers[code]).value for code in TASK_CODES},
                level=result.level,
                score=result.score,
            )
