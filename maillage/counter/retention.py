"""Retention of personal data: files without activity are deleted, requests stay as anonymous statistics."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.counter.models import FollowUp, Mandate, Person, PersonAccessLog, Request
from maillage.counter.signals import announce


@dataclass(frozen=True)
class PurgeReport:
    persons: int = 0
    follow_ups: int = 0
    mandates: int = 0
    access_logs: int = 0
    requests_unlinked: int = 0
    log_entries: int = 0
    task_results: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report in French, as printed by `maillage purge`."""
        masculine, feminine = ("à supprimer", "à supprimer") if self.dry_run else ("supprimés", "supprimées")
        return [
            f"Dossiers personnes {masculine} : {self.persons}",
            f"Suivis {masculine} : {self.follow_ups}",
            f"Mandats {masculine} : {self.mandates}",
            f"Lignes du journal de consultation {feminine} : {self.access_logs}",
            f"Demandes détachées de leur dossier (conservées, anonymes) : {self.requests_unlinked}",
            f"Entrées du journal d'audit {feminine} : {self.log_entries}",
            f"Résultats de tâches terminées {masculine} : {self.task_results}",
        ]


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """Same day and time `months` earlier, clamped to the month's last day (31 March - 1 month = 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _log_entries(model: type[models.Model], pks: list[int]) -> models.QuerySet[LogEntry]:
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type).filter(
        models.Q(object_id__in=pks) | models.Q(object_pk__in=[str(pk) for pk in pks])
    )


def _dependent_log_entries(person_ids: list[int]) -> models.QuerySet[LogEntry]:
    """Audit lines of the other audited models that hang on a person file (followed rights...): erased with it."""
    entries = LogEntry.objects.none()
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if relation.on_delete is not models.CASCADE or model in (FollowUp, Mandate) or not auditlog.contains(model):
            continue
        pks = list(
            model._default_manager.filter(**{f"{relation.field.attname}__in": person_ids}).values_list("pk", flat=True)
        )
        entries = entries | _log_entries(model, pks)
    return entries


def purge(now: dt.datetime, *, dry_run: bool = False) -> PurgeReport:
    """Delete files idle for PERSON_RETENTION_MONTHS with everything that names them, and old task results."""
    person_cutoff = months_before(now, settings.PERSON_RETENTION_MONTHS)
    task_cutoff = now - dt.timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    with transaction.atomic():
        persons = Person.objects.filter(last_activity_at__lt=person_cutoff)
        person_ids = list(persons.values_list("pk", flat=True))
        follow_up_ids = list(FollowUp.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
        mandate_ids = list(Mandate.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
        linked = Request.objects.filter(models.Q(person_id__in=person_ids) | models.Q(mandate_id__in=mandate_ids))
        request_ids = list(linked.values_list("pk", flat=True))
        log_entries = (
            _log_entries(Person, person_ids)
            | _log_entries(FollowUp, follow_up_ids)
            | _log_entries(Mandate, mandate_ids)
            | _log_entries(Request, request_ids)
            | _dependent_log_entries(person_ids)
        )
        task_results = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=task_cutoff
        )
        report = PurgeReport(
            persons=len(person_ids),
            follow_ups=len(follow_up_ids),
            mandates=len(mandate_ids),
            access_logs=PersonAccessLog.objects.filter(person_id__in=person_ids).count(),
            requests_unlinked=len(request_ids),
            log_entries=log_entries.count(),
            task_results=task_results.count(),
            dry_run=dry_run,
        )
        if dry_run:
            return report
        # Deleting must not write new audit lines about the very data being erased.
        announce(Request.objects.filter(pk__in=request_ids))  # their people counts change: reports must know
        with disable_auditlog():
            LogEntry.objects.filter(pk__in=list(log_entries.values_list("pk", flat=True))).delete()
            # A "done for" request keeps its statistics: it says its mandate was erased, not who gave it.
            Request.objects.filter(pk__in=request_ids, mandate_id__in=mandate_ids).update(
                person=None, mandate=None, mandate_erased=True
            )
            Request.objects.filter(pk__in=request_ids).update(person=None)
            Person.objects.filter(pk__in=person_ids).delete()  # cascades follow-ups, mandates, access logs
            task_results.delete()
    return report
