"""The walk-in queue: a ticket is the start of a visit, from arrival to the mediator's desk.

Times are stored when they happen: `wait_seconds` (arrival → call), `service_seconds` (start of
service → end) and `total_seconds` (arrival → end). Every transition is one conditional UPDATE
(`WHERE status IN (...)`): of two mediators calling the same ticket, only one row changes.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from maillage.network.enums import Language
from maillage.tickets.enums import SOURCES, Priority, Reason, RedirectKind, RedirectReason, Status

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.network.models import Place

ALREADY: dict[str, str] = {
    Status.CALLED: "Ce ticket a déjà été appelé par un autre médiateur.",
    Status.IN_SERVICE: "Ce ticket est déjà pris en charge.",
    Status.SERVED: "Ce passage est déjà terminé.",
    Status.NO_SHOW: "Ce ticket a déjà été noté absent.",
    Status.REDIRECTED: "Ce ticket a déjà été réorienté.",
    Status.CANCELLED: "Ce ticket a été annulé.",
    Status.WAITING: "Ce ticket n'a pas encore été appelé.",
}


class TicketQuerySet(models.QuerySet["Ticket"]):
    def for_user(self, user: User) -> TicketQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def waiting(self) -> TicketQuerySet:
        return self.filter(status=Status.WAITING)

    def in_queue_order(self) -> TicketQuerySet:
        """Priority tickets first, then by arrival (the number breaks ties)."""
        standard = models.Case(models.When(priority=Priority.STANDARD, then=1), default=0)
        return self.alias(standard=standard).order_by("standard", "arrived_at", "number")


class TicketDay(models.Model):
    """The last number given at a place on a day: the row locked while the next number is taken."""

    place = models.ForeignKey("network.Place", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "day"], name="ticket_day_once_per_place")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} : {self.last_number} tickets"


class Ticket(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.CASCADE, related_name="tickets")
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="tickets")
    day = models.DateField("jour")
    number = models.PositiveIntegerField("numéro")
    arrived_at = models.DateTimeField("arrivée", default=timezone.now)
    reason = models.CharField("motif", max_length=20, choices=Reason.choices, default=Reason.PROCEDURE)
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name="partenaire demandé",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.CharField("priorité", max_length=20, choices=Priority.choices, default=Priority.STANDARD)
    language = models.CharField("langue", max_length=5, choices=Language.choices, blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.WAITING)
    called_at = models.DateTimeField("appelé à", null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="appelé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    served_at = models.DateTimeField("pris en charge à", null=True, blank=True)
    finished_at = models.DateTimeField("terminé à", null=True, blank=True)
    wait_seconds = models.PositiveIntegerField("attente (secondes)", null=True, blank=True)
    service_seconds = models.PositiveIntegerField("durée de prise en charge (secondes)", null=True, blank=True)
    total_seconds = models.PositiveIntegerField("durée totale (secondes)", null=True, blank=True)
    redirect_kind = models.CharField("réorientation", max_length=20, choices=RedirectKind.choices, blank=True)
    redirect_reason = models.CharField(
        "motif de réorientation", max_length=20, choices=RedirectReason.choices, blank=True
    )
    redirect_partner = models.ForeignKey(
        "network.Partner",
        verbose_name="réorienté vers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visit = models.OneToOneField(
        "counter.Visit", verbose_name="passage", on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = "ticket"
        ordering = ["-day", "number"]
        indexes = [
            models.Index(
                fields=["place", "arrived_at"], condition=models.Q(status="waiting"), name="ticket_waiting_idx"
            ),
            models.Index(fields=["place", "called_at"], name="ticket_place_called_idx"),
            models.Index(fields=["structure", "day"], name="ticket_structure_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["place", "day", "number"],
                name="ticket_number_once_per_place_day",
                violation_error_message="Ce numéro a déjà été donné aujourd'hui dans ce lieu.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "cancelled", "redirected"])
                | models.Q(called_at__isnull=False),
                name="ticket_called_has_time",
                violation_error_message="Un ticket appelé doit indiquer l'heure de l'appel.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="redirected") | ~models.Q(redirect_kind=""),
                name="ticket_redirect_has_kind",
                violation_error_message="Une réorientation doit dire vers quoi la personne est envoyée.",
            ),
        ]

    def __str__(self) -> str:
        return f"Ticket {self.number} du {self.day:%d/%m/%Y}"

    @property
    def label(self) -> str:
        """What the waiting room reads: the number alone, three digits."""
        return f"{self.number:03d}"

    @property
    def is_priority(self) -> bool:
        return self.priority != Priority.STANDARD

    @classmethod
    def take(cls, *, place: Place, created_by: User | None = None, **fields: Any) -> Ticket:
        """A new ticket at `place`, numbered from 1 each day: the day's row is locked while the
        number is taken, and a unique constraint guards (place, day, number)."""
        now = fields.pop("arrived_at", None) or timezone.now()
        day = timezone.localdate(now)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    TicketDay.objects.get_or_create(place=place, day=day)
            except IntegrityError:  # created by a concurrent first ticket of the day
                pass
            counter = TicketDay.objects.select_for_update().get(place=place, day=day)
            counter.last_number += 1
            counter.save(update_fields=["last_number"])
            ticket = cls(
                place=place,
                structure_id=place.structure_id,
                day=day,
                number=counter.last_number,
                arrived_at=now,
                created_by=created_by,
                **fields,
            )
            ticket.full_clean(exclude=["structure", "place", "number", "day"])
            ticket.save()
        return ticket

    def _move(self, to: str, *, user: User | None, **fields: Any) -> None:
        """One transition, applied only if the row is still in an allowed status (conditional UPDATE)."""
        sources = SOURCES[to]
        with transaction.atomic():
            changed = Ticket.objects.filter(pk=self.pk, status__in=list(sources)).update(status=to, **fields)
            if not changed:
                current = Ticket.objects.filter(pk=self.pk).values_list("status", flat=True).first()
                self.refresh_from_db()
                raise ValidationError(ALREADY.get(current or "", "Ce ticket n'existe plus."))
            before = self.status
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            from auditlog.models import LogEntry

            LogEntry.objects.log_create(
                self, action=LogEntry.Action.UPDATE, changes={"status": [before, to]}, actor=user
            )

    def call(self, user: User, *, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        wait = max(int((now - self.arrived_at).total_seconds()), 0)
        self._move(Status.CALLED, user=user, called_at=now, called_by=user, wait_seconds=wait)

    def start_service(self, user: User | None = None, *, now: dt.datetime | None = None) -> None:
        self._move(Status.IN_SERVICE, user=user, served_at=now or timezone.now())

    def finish(self, user: User | None = None, *, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        started = self.served_at or self.called_at or now
        self._move(
            Status.SERVED,
            user=user,
            served_at=started,
            finished_at=now,
            service_seconds=max(int((now - started).total_seconds()), 0),
            total_seconds=max(int((now - self.arrived_at).total_seconds()), 0),
        )

    def mark_no_show(self, user: User | None = None, *, now: dt.datetime | None = None) -> None:
        self._move(Status.NO_SHOW, user=user, finished_at=now or timezone.now())

    def redirect(
        self,
        user: User | None,
        *,
        kind: str,
        reason: str,
        partner: Any = None,
        now: dt.datetime | None = None,
    ) -> None:
        if kind not in RedirectKind.values:
            raise ValidationError("Dites si la personne est envoyée vers un partenaire ou vers un rendez-vous.")
        if reason not in RedirectReason.values:
            raise ValidationError("Choisissez le motif de la réorientation.")
        if kind == RedirectKind.PARTNER and partner is None:
            raise ValidationError("Choisissez le partenaire vers lequel la personne est envoyée.")
        now = now or timezone.now()
        self._move(
            Status.REDIRECTED,
            user=user,
            finished_at=now,
            total_seconds=max(int((now - self.arrived_at).total_seconds()), 0),
            redirect_kind=kind,
            redirect_reason=reason,
            redirect_partner=partner if kind == RedirectKind.PARTNER else None,
        )

    def cancel(self, user: User | None = None, *, now: dt.datetime | None = None) -> None:
        self._move(Status.CANCELLED, user=user, finished_at=now or timezone.now())

    def attach_visit(self, visit: Any, user: User | None = None) -> None:
        """The counter recorded this ticket's first request: the visit is the ticket's, service starts."""
        with transaction.atomic():
            free = ~models.Exists(Ticket.objects.filter(visit=visit))  # a visit is one ticket's at most
            attached = Ticket.objects.filter(free, pk=self.pk, visit__isnull=True).update(visit=visit)
            if attached:
                self.visit = visit
            if self.status == Status.CALLED:
                self.start_service(user)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Screen(models.Model):
    """The waiting-room screen of a place: a public page reached by an unguessable token, renewable."""

    place = models.OneToOneField("network.Place", on_delete=models.CASCADE, related_name="ticket_screen")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "écran de salle d'attente"

    def __str__(self) -> str:
        return f"Écran de {self.place_id}"

    def renew(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token"])
