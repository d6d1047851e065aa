"""Practice sheets: "how to do procedure X for partner Y", written by mediators, reviewed, published.

The sheet row is the working copy (what its author edits); each publication stores a `SheetVersion`,
and readers only ever see the sheet's `published_version`. A published sheet being revised keeps its
published version visible until the revision is approved; "obsolete" and "archived" take it away.
Past its expiry date a sheet is shown "à revoir" and no longer offered at the counter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.sheets.access import access_for
from maillage.sheets.enums import SheetScope, SheetStatus

if TYPE_CHECKING:
    from maillage.accounts.models import User

NO_PROCEDURE = "Choisissez la démarche que la fiche explique : une fiche sans démarche n'est pas acceptée."
BAD_LINK = "Ligne {line} : « {text} » n'est pas une adresse web valable (http:// ou https://)."
EXPIRED_DRAFT = "La date de révision est passée : modifiez-la avant de soumettre la fiche."
PAST_EXPIRY = "La date de révision doit être postérieure à aujourd'hui."
RETURN_NEEDS_COMMENT = "Expliquez à l'auteur ce qu'il faut revoir."
REPORT_NEEDS_REASON = "Indiquez ce qui n'est plus à jour dans la fiche."
NOT_REVIEWER = (
    "Seuls les responsables de la structure (ou la coordination du réseau pour une fiche partagée) "
    "relisent cette fiche."
)
NOT_EDITOR = "Seuls l'auteur et les relecteurs de la fiche la modifient."
FLAG_AFTER_REPORTS = 2  # open "obsolète" reports that flag a sheet
DEFAULT_LIFETIME = dt.timedelta(days=365)
ALREADY: dict[str, str] = {
    SheetStatus.DRAFT: "Cette fiche est un brouillon : elle doit d'abord être soumise à relecture.",
    SheetStatus.SUBMITTED: "Cette fiche est déjà en relecture.",
    SheetStatus.PUBLISHED: "Cette fiche est déjà publiée.",
    SheetStatus.OBSOLETE: "Cette fiche a été déclarée obsolète.",
    SheetStatus.ARCHIVED: "Cette fiche est archivée.",
}


def default_expiry() -> dt.date:
    return timezone.localdate() + DEFAULT_LIFETIME


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_links(text: str) -> list[tuple[str, str]]:
    """(url, label) per line "https://… libellé facultatif"; refuses, in French, anything but http(s)."""
    links, validate = [], URLValidator(schemes=["http", "https"])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        url, _, label = line.strip().partition(" ")
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(BAD_LINK.format(line=number, text=url[:80])) from None
        links.append((url, label.strip() or url))
    return links


class SheetContent(models.Model):
    """What a reader reads: shared by the working copy and each published version."""

    title = models.CharField("titre", max_length=150)
    steps = models.TextField("étapes", help_text="Une étape par ligne, dans l'ordre.")
    documents = models.TextField("documents à apporter", blank=True, help_text="Un document par ligne.")
    pitfalls = models.TextField("pièges à éviter", blank=True)
    links = models.TextField(
        "liens utiles",
        blank=True,
        help_text="Une adresse par ligne (http:// ou https://), suivie si besoin d'un libellé.",
    )
    expires_on = models.DateField("à revoir le", default=default_expiry)

    class Meta:
        abstract = True

    @property
    def step_list(self) -> list[str]:
        return lines(self.steps)

    @property
    def document_list(self) -> list[str]:
        return lines(self.documents)

    @property
    def link_list(self) -> list[tuple[str, str]]:
        try:
            return parse_links(self.links)
        except ValidationError:
            return []

    def is_expired(self, today: dt.date | None = None) -> bool:
        return self.expires_on < (today or timezone.localdate())

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


CONTENT_FIELDS = ("title", "steps", "documents", "pitfalls", "links", "expires_on")


class PracticeSheetQuerySet(models.QuerySet["PracticeSheet"]):
    def readable_by(self, user: User) -> PracticeSheetQuerySet:
        """Published sheets the user may read, plus the working copies they write or review (access.py)."""
        return self.filter(access_for(user).readable())

    def worked_on_by(self, user: User) -> PracticeSheetQuerySet:
        return self.filter(access_for(user).working())

    def published(self) -> PracticeSheetQuerySet:
        return self.filter(published_version__isnull=False)

    def current(self, today: dt.date) -> PracticeSheetQuerySet:
        """Published and not past their review date: what the counter offers."""
        return self.published().filter(published_version__expires_on__gte=today)

    def search(self, text: str, *, user: User) -> PracticeSheetQuerySet:
        """Every word in the procedure, its partner, or the text the user may read: the published
        version's, and the working copy's only for its author and reviewers."""
        working = access_for(user).working()
        query = Q()
        for word in text.split()[:8]:
            query &= (
                Q(procedure__name__icontains=word)
                | Q(procedure__partner__name__icontains=word)
                | Q(published_version__title__icontains=word)
                | Q(published_version__steps__icontains=word)
                | (working & (Q(title__icontains=word) | Q(steps__icontains=word)))
            )
        return self.filter(query)


class PracticeSheet(SheetContent):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    procedure = models.ForeignKey(
        "counter.Procedure",
        verbose_name="démarche",
        on_delete=models.PROTECT,
        related_name="sheets",
        error_messages={"null": NO_PROCEDURE, "blank": NO_PROCEDURE, "required": NO_PROCEDURE},
    )
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure", on_delete=models.CASCADE, related_name="sheets"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    scope = models.CharField("diffusion", max_length=20, choices=SheetScope.choices, default=SheetScope.NETWORK)
    status = models.CharField("état", max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    published_version = models.OneToOneField(
        "SheetVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField("commentaire de relecture", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche pratique"
        verbose_name_plural = "fiches pratiques"
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["procedure", "published_version"], name="sheet_procedure_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[SheetStatus.OBSOLETE, SheetStatus.ARCHIVED])
                | Q(published_version__isnull=True),
                name="sheet_withdrawn_not_shown",
                violation_error_message="Une fiche obsolète ou archivée n'a plus de version publiée.",
            ),
            models.CheckConstraint(
                condition=~Q(status=SheetStatus.PUBLISHED) | Q(published_version__isnull=False),
                name="sheet_published_has_version",
                violation_error_message="Une fiche publiée a une version publiée.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}  # no procedure: refused by the field itself (its error messages)
        try:
            parse_links(self.links)
        except ValidationError as error:
            errors["links"] = error.messages[0]
        if self.expires_on and self.expires_on <= timezone.localdate():
            errors["expires_on"] = PAST_EXPIRY
        if errors:
            raise ValidationError(errors)

    # Who may do what -------------------------------------------------------------------------------

    def is_reviewer(self, user: User) -> bool:
        return access_for(user).reviews(self)

    def is_editor(self, user: User) -> bool:
        return access_for(user).works_on(self)

    @property
    def is_flagged(self) -> bool:
        return self.open_report_count >= FLAG_AFTER_REPORTS

    @property
    def open_report_count(self) -> int:
        annotated = getattr(self, "open_reports", None)
        if annotated is not None:
            return int(annotated)
        return self.reports.filter(resolved_at__isnull=True).count()

    # Transitions ----------------------------------------------------------------------------------

    def _move(self, to: str, *, sources: set[Any], user: User | None, comment: str = "", **fields: Any) -> None:
        """One transition, applied only if the row is still in an allowed status, with its audit line."""
        changed = PracticeSheet.objects.filter(pk=self.pk, status__in=sources).update(status=to, **fields)
        if not changed:
            self.refresh_from_db()
            raise ValidationError(ALREADY.get(self.status, "Cette fiche n'existe plus."))
        before = self.status
        for name, value in fields.items():
            setattr(self, name, value)
        self.status = to
        from auditlog.models import LogEntry

        LogEntry.objects.log_create(
            self,
            action=LogEntry.Action.UPDATE,
            changes={"status": [before, to]},
            actor=user,
            force_log=True,
            additional_data={"comment": comment} if comment else None,
        )

    def edited(self) -> None:
        """A change of a published or withdrawn sheet's content starts a revision (a draft)."""
        if self.status != SheetStatus.SUBMITTED:
            self.status = SheetStatus.DRAFT

    def submit(self, user: User) -> None:
        if not self.is_editor(user):
            raise PermissionDenied(NOT_EDITOR)
        if self.is_expired(timezone.localdate() + dt.timedelta(days=1)):
            raise ValidationError(EXPIRED_DRAFT)
        self._move(SheetStatus.SUBMITTED, sources={SheetStatus.DRAFT}, user=user)

    def approve(self, user: User, *, comment: str = "") -> SheetVersion:
        """Publishes the working copy as a new version; reports made before it are settled."""
        if not self.is_reviewer(user):
            raise PermissionDenied(NOT_REVIEWER)
        if self.status != SheetStatus.SUBMITTED:
            raise ValidationError(ALREADY.get(self.status, "Cette fiche n'est pas en relecture."))
        now = timezone.now()
        with transaction.atomic():
            number = self.versions.count() + 1
            version = SheetVersion.objects.create(
                sheet=self, number=number, published_at=now, published_by=user, **self.content()
            )
            self._move(
                SheetStatus.PUBLISHED,
                sources={SheetStatus.SUBMITTED},
                user=user,
                comment=comment,
                published_version=version,
                reviewed_by=user,
                review_comment=comment,
            )
            self.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        return version

    def return_to_author(self, user: User, *, comment: str) -> None:
        if not self.is_reviewer(user):
            raise PermissionDenied(NOT_REVIEWER)
        if not comment.strip():
            raise ValidationError({"comment": RETURN_NEEDS_COMMENT})
        self._move(
            SheetStatus.DRAFT,
            sources={SheetStatus.SUBMITTED},
            user=user,
            comment=comment,
            reviewed_by=user,
            review_comment=comment,
        )

    def withdraw(self, user: User, *, to: str, comment: str = "") -> None:
        """Obsolete (no longer right) or archived (no longer needed): readers stop seeing it."""
        if not self.is_reviewer(user):
            raise PermissionDenied(NOT_REVIEWER)
        if to not in {SheetStatus.OBSOLETE, SheetStatus.ARCHIVED}:
            raise ValidationError("Choix inconnu.")
        sources = {SheetStatus.DRAFT, SheetStatus.SUBMITTED, SheetStatus.PUBLISHED, SheetStatus.OBSOLETE} - {to}
        with transaction.atomic():
            self._move(to, sources=sources, user=user, comment=comment, published_version=None)
            self.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())

    def report_obsolete(self, user: User, *, reason: str) -> SheetReport:
        """Any reader says the sheet is out of date; one open report per person."""
        if not reason.strip():
            raise ValidationError({"reason": REPORT_NEEDS_REASON})
        report, _ = SheetReport.objects.update_or_create(
            sheet=self, reporter=user, resolved_at=None, defaults={"reason": reason.strip()[:2000]}
        )
        return report


class SheetVersion(SheetContent):
    """One publication of a sheet, kept for the history."""

    sheet = models.ForeignKey(PracticeSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    published_at = models.DateTimeField("publiée le")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "version publiée"
        verbose_name_plural = "versions publiées"
        ordering = ["sheet", "-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="sheet_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class SheetReport(models.Model):
    """A reader's "obsolète" report; settled by the next publication or the sheet's withdrawal."""

    sheet = models.ForeignKey(PracticeSheet, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField("ce qui n'est plus à jour")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "signalement de fiche obsolète"
        verbose_name_plural = "signalements de fiches obsolètes"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="sheet_report_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Signalement de « {self.sheet} »"
