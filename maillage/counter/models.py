"""Requests recorded at the counter, person files (with consent), follow-ups and mandates."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from maillage.counter import enums
from maillage.counter.fields import EncryptedDateField, EncryptedTextField
from maillage.lib.crypto import blind_index
from maillage.lib.text import normalise_name
from maillage.network.enums import Language, ProcedureDomain
from maillage.network.fields import ChoiceListField

if TYPE_CHECKING:
    from maillage.accounts.models import User

MAX_DURATION_MINUTES = 8 * 60
UNDO_WINDOW = dt.timedelta(minutes=5)


class Procedure(models.Model):
    """A procedure of the catalogue, specific to one partner or common to all (e-mail address...)."""

    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("nom", max_length=200)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name="partenaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
    )
    domain = models.CharField("domaine", max_length=30, choices=ProcedureDomain.choices)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "démarche"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.partner.name} — {self.name}" if self.partner_id else self.name  # type: ignore[union-attr]


def person_lookup_key(first_name: str, last_name: str, birth_date: dt.date) -> str:
    return blind_index(
        settings.BLIND_INDEX_KEY, normalise_name(first_name), normalise_name(last_name), birth_date.isoformat()
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def for_user(self, user: User) -> PersonQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def find(self, first_name: str, last_name: str, birth_date: dt.date) -> PersonQuerySet:
        return self.filter(lookup_key=person_lookup_key(first_name, last_name, birth_date))


class Person(models.Model):
    """A person followed over several visits. Exists only with recorded consent; identity encrypted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="persons")
    first_name = EncryptedTextField("prénom")
    last_name = EncryptedTextField("nom")
    birth_date = EncryptedDateField("date de naissance")
    phone = EncryptedTextField("téléphone", blank=True)
    email = EncryptedTextField("courriel", blank=True)
    address = EncryptedTextField("adresse", blank=True)
    partner_numbers = EncryptedTextField(
        "numéros d'allocataire ou d'assuré", blank=True, help_text="Ex. CAF 1234567, sécurité sociale…"
    )
    lookup_key = models.CharField(max_length=64, db_index=True, editable=False)
    consent_given_on = models.DateField("consentement recueilli le")
    consent_purpose = models.CharField("finalité du consentement", max_length=300)
    consent_method = models.CharField("forme du consentement", max_length=20, choices=enums.ConsentMethod.choices)
    last_activity_at = models.DateTimeField("dernière activité", default=timezone.now, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier personne"
        verbose_name_plural = "dossiers personnes"
        ordering = ["-last_activity_at"]

    def __str__(self) -> str:
        return f"Dossier {str(self.uuid)[:8]}"

    def save(self, *args, **kwargs) -> None:
        if self.first_name and self.last_name and self.birth_date:
            self.lookup_key = person_lookup_key(self.first_name, self.last_name, self.birth_date)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": "La date de naissance ne peut pas être dans le futur."})
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            raise ValidationError({"consent_given_on": "Le consentement ne peut pas être daté du futur."})

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def touch(self) -> None:
        self.last_activity_at = timezone.now()
        self.save(update_fields=["last_activity_at"])

    def log_access(self, user: User, screen: str) -> PersonAccessLog:
        """Every read of the file leaves a line: who, which screen, when."""
        return PersonAccessLog.objects.create(person=self, user=user, screen=screen)


class PersonAccessLog(models.Model):
    """Every read of a person file: who, when, from which screen."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    screen = models.CharField("écran", max_length=60)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "consultation de dossier"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.screen} — {self.at:%d/%m/%Y %H:%M}"


class MandateQuerySet(models.QuerySet["Mandate"]):
    def valid_on(self, day: dt.date) -> MandateQuerySet:
        return self.filter(start__lte=day, end__gte=day, revoked_at__isnull=True)


class Mandate(models.Model):
    """Authorisation to act on a person's behalf for a perimeter of domains and a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mandates")
    domains = ChoiceListField("périmètre (domaines)", vocabulary=ProcedureDomain, blank=False)
    start = models.DateField("début")
    end = models.DateField("fin")
    aidants_connect_ref = models.CharField("référence Aidants Connect", max_length=100, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = "mandat"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="mandate_period_valid",
                violation_error_message="La fin du mandat ne peut pas précéder son début.",
            )
        ]

    def __str__(self) -> str:
        return f"Mandat du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"

    def covers(self, day: dt.date, domain: str) -> bool:
        return self.revoked_at is None and self.start <= day <= self.end and domain in self.domains

    @property
    def domain_labels(self) -> list[str]:
        labels = dict(ProcedureDomain.choices)
        return [labels[code] for code in self.domains if code in labels]

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @staticmethod
    def latest_end(start: dt.date) -> dt.date:
        """A mandate lasts one year at most, as in Aidants Connect: it ends the day before the anniversary."""
        try:
            anniversary = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            anniversary = start.replace(year=start.year + 1, day=28)
        return anniversary - dt.timedelta(days=1)

    def clean(self) -> None:
        if self.start and self.end:
            latest = self.latest_end(self.start)
            if self.end < self.start:
                raise ValidationError({"end": "La fin du mandat ne peut pas précéder son début."})
            if self.end > latest:
                raise ValidationError({"end": f"Un mandat dure un an au plus : fin au plus tard le {latest:%d/%m/%Y}."})

    def revoke(self) -> bool:
        """Revoke once; the change is written to the audit log with the acting user."""
        if self.revoked_at is not None:
            return False
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        return True


class Visit(models.Model):
    """One person at the counter: a visit groups the requests handled together."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "passage"

    def __str__(self) -> str:
        return f"Passage {str(self.uuid)[:8]}"


class RequestQuerySet(models.QuerySet["Request"]):
    def for_user(self, user: User) -> RequestQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def undoable_by(self, user: User) -> RequestQuerySet:
        """Requests this mediator recorded less than `UNDO_WINDOW` ago: "Annuler" still applies."""
        return self.filter(mediator=user, created_at__gte=timezone.now() - UNDO_WINDOW)

    def on_day(self, day: dt.date) -> RequestQuerySet:
        start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        return self.filter(occurred_at__gte=start, occurred_at__lt=start + dt.timedelta(days=1))


class Request(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="requests")
    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="requests")
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.PROTECT, related_name="requests")
    stop = models.ForeignKey(
        "network.OutreachStop", verbose_name="étape", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests")
    occurred_at = models.DateTimeField("date et heure", default=timezone.now)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=15)
    channel = models.CharField("canal", max_length=20, choices=enums.Channel.choices, default=enums.Channel.WALK_IN)
    partner = models.ForeignKey(
        "network.Partner", verbose_name="partenaire", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    domain = models.CharField("domaine", max_length=30, choices=ProcedureDomain.choices)
    procedure = models.ForeignKey(
        Procedure, verbose_name="démarche", on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    help_level = models.CharField(
        "niveau d'aide", max_length=20, choices=enums.HelpLevel.choices, default=enums.HelpLevel.ACCOMPANIMENT
    )
    outcome = models.CharField("issue", max_length=20, choices=enums.Outcome.choices, default=enums.Outcome.RESOLVED)
    autonomy = models.CharField(
        "autonomie numérique", max_length=20, choices=enums.Autonomy.choices, default=enums.Autonomy.UNKNOWN
    )
    language = models.CharField("langue utilisée", max_length=5, choices=Language.choices, default=Language.FR)
    interpreter = models.BooleanField("interprète nécessaire", default=False)
    referred_by = models.CharField(
        "adressé par", max_length=20, choices=enums.ReferredBy.choices, default=enums.ReferredBy.UNKNOWN
    )
    referred_by_partner = models.ForeignKey(
        "network.Partner",
        verbose_name="partenaire prescripteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_by_structure = models.ForeignKey(
        "network.Structure",
        verbose_name="structure prescriptrice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    residence = models.ForeignKey(
        "territory.Commune",
        verbose_name="commune de résidence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    age_band = models.CharField("âge", max_length=10, choices=enums.AgeBand.choices, default=enums.AgeBand.UNKNOWN)
    gender = models.CharField("genre", max_length=10, choices=enums.Gender.choices, default=enums.Gender.UNKNOWN)
    social_status = models.CharField(
        "situation", max_length=20, choices=enums.SocialStatus.choices, default=enums.SocialStatus.UNKNOWN
    )
    first_visit = models.BooleanField("première venue", null=True, blank=True, default=None)  # None: not asked
    person = models.ForeignKey(
        Person, verbose_name="dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    mandate = models.ForeignKey(
        Mandate, verbose_name="mandat", on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    one_time_consent = models.BooleanField("consentement ponctuel recueilli pour agir à la place", default=False)
    mandate_erased = models.BooleanField(
        "mandat effacé à la fin de la durée de conservation",
        default=False,
        help_text="La demande a été faite sous un mandat, supprimé depuis avec le dossier de la personne.",
    )
    campaign = models.ForeignKey(
        "outreach.Campaign",
        verbose_name="campagne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    # Made on the phone by the offline capture (outreach/sync.py): the same request sent twice is stored once.
    client_uuid = models.UUIDField("identifiant donné par l'appareil", unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande"
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["structure", "occurred_at"], name="request_structure_day_idx"),
            models.Index(fields=["mediator", "occurred_at"], name="request_mediator_day_idx"),
            # "Annuler" on the counter page: the mediator's request saved in the last minutes
            models.Index(fields=["mediator", "created_at"], name="request_mediator_created_idx"),
            models.Index(fields=["place", "occurred_at"], name="request_place_day_idx"),
            models.Index(fields=["partner", "occurred_at"], name="request_partner_day_idx"),
            # The social value groups a report's requests by partner and residence: read from this
            # index alone, without touching the table.
            models.Index(fields=["structure", "occurred_at", "partner", "residence"], name="request_value_idx"),
            # Reports count distinct person files per breakdown: the requests with a file (a few
            # percent) are read from this index alone, without touching the table.
            models.Index(
                fields=[
                    "occurred_at",
                    "structure",
                    "person",
                    "partner",
                    "procedure",
                    "place",
                    "domain",
                    "channel",
                    "help_level",
                    "outcome",
                    "autonomy",
                    "language",
                    "referred_by",
                ],
                condition=models.Q(person__isnull=False),
                name="request_person_day_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="request_duration_range",
                violation_error_message="La durée doit être comprise entre 1 minute et 8 heures.",
            ),
            models.CheckConstraint(
                condition=~models.Q(help_level=enums.HelpLevel.DONE_FOR)
                | models.Q(mandate__isnull=False)
                | models.Q(one_time_consent=True)
                | models.Q(mandate_erased=True),
                name="request_done_for_needs_mandate_or_consent",
                violation_error_message="« Faire à la place » exige un mandat valide ou un consentement ponctuel.",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande du {timezone.localtime(self.occurred_at):%d/%m/%Y %H:%M}"

    @property
    def undo_until(self) -> dt.datetime:
        return self.created_at + UNDO_WINDOW

    def undo(self, user: User) -> None:
        """Delete a request its author has just recorded (within `UNDO_WINDOW`); the audit log keeps
        the deletion with its actor. Refused in French to anyone else, or once the window has passed."""
        if self.mediator_id != user.pk:
            raise PermissionDenied("Seule la personne qui a enregistré cette demande peut l'annuler.")
        if timezone.now() > self.undo_until:
            raise ValidationError(
                f"Le délai d'annulation ({UNDO_WINDOW.seconds // 60} minutes) est passé : "
                "supprimez la demande depuis la liste du jour si elle est erronée."
            )
        self.delete()

    @property
    def is_editable_today(self) -> bool:
        return timezone.localdate(self.occurred_at) == timezone.localdate()

    def earliest_date(self) -> dt.date:
        """The first day a request can be dated: the day its structure joined the platform.

        A request recorded at the counter happened while the structure used Maillage; older activity comes
        in through imports, which do not go through this check. The bound also keeps absurd dates (year 1,
        1900) out of the statistics and of time-zone arithmetic that would overflow.
        """
        return timezone.localdate(self.place.structure.created_at)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.occurred_at and self.occurred_at > timezone.now() + dt.timedelta(minutes=5):
            errors["occurred_at"] = "La date de la demande ne peut pas être dans le futur."
        elif self.occurred_at and self.place_id and timezone.localdate(self.occurred_at) < self.earliest_date():
            errors["occurred_at"] = (
                f"La date de la demande ne peut pas précéder l'arrivée de la structure sur Maillage "
                f"(le {self.earliest_date():%d/%m/%Y})."
            )
        if self.duration_minutes is not None and not 1 <= self.duration_minutes <= MAX_DURATION_MINUTES:
            errors["duration_minutes"] = "La durée doit être comprise entre 1 minute et 8 heures (480 minutes)."
        procedure = self.procedure
        if procedure is not None:
            if procedure.partner_id and self.partner_id != procedure.partner_id:
                errors["partner"] = (
                    f"La démarche « {procedure.name} » concerne {procedure.partner} : choisissez ce partenaire."
                )
            if not self.domain:
                self.domain = procedure.domain
        if self.help_level == enums.HelpLevel.DONE_FOR and not self.one_time_consent:
            if self.mandate is None:
                errors["help_level"] = (
                    "« Faire à la place » exige un mandat valide ou le consentement ponctuel de la personne."
                )
            elif not self.mandate.covers(timezone.localdate(self.occurred_at), self.domain):
                errors["mandate"] = "Ce mandat ne couvre pas ce domaine à cette date."
        if errors:
            raise ValidationError(errors)


class FollowUp(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_ups")
    request = models.ForeignKey(Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups")
    due_on = models.DateField("échéance")
    status = models.CharField("statut", max_length=20, choices=enums.FollowUpStatus.choices, default="open")
    note = EncryptedTextField("note", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "suivi"
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"Suivi au {self.due_on:%d/%m/%Y}"

    def close(self, status: str) -> bool:
        """Mark an open follow-up done or cancelled; a closed one stays as it is."""
        if self.status != enums.FollowUpStatus.OPEN or status == enums.FollowUpStatus.OPEN:
            return False
        self.status = status
        self.save(update_fields=["status"])
        return True


class PinnedShortcut(models.Model):
    """A procedure a mediator pinned to the counter's keys 1 to 8, in the order they chose."""

    mediator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pinned_shortcuts")
    procedure = models.ForeignKey(Procedure, verbose_name="démarche", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField("position")

    class Meta:
        verbose_name = "raccourci épinglé"
        ordering = ["mediator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["mediator", "procedure"],
                name="pinned_shortcut_once",
                violation_error_message="Cette démarche est déjà épinglée.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.procedure}"
