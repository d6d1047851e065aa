"""Practice sheet transitions: submit, review, publish as a version, revise, report, withdraw; bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.sheets.enums import SheetStatus
from maillage.sheets.models import FLAG_AFTER_REPORTS, PracticeSheet
from maillage.sheets.tests.helpers import make_sheet, procedure, published_sheet

pytestmark = pytest.mark.django_db


def test_a_sheet_without_a_procedure_is_refused_in_french(cast: Any) -> None:
    sheet = PracticeSheet(structure=cast.structure_a, author=cast.mediator_a, title="Sans démarche", steps="Une")
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert "une fiche sans démarche n'est pas acceptée" in error.value.message_dict["procedure"][0]


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://exemple.fr/fichier", "caf.fr", "https://"])
def test_links_other_than_http_or_https_are_refused_with_their_line(cast: Any, link: str) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.links = f"https://www.caf.fr\n{link} Le lien"
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert error.value.message_dict["links"][0].startswith("Ligne 2 :")


def test_links_are_read_as_address_and_label(cast: Any) -> None:
    sheet = make_sheet(
        cast.mediator_a, cast.structure_a, links="https://www.caf.fr Site de la CAF\nhttp://ants.gouv.fr"
    )
    assert sheet.link_list == [("https://www.caf.fr", "Site de la CAF"), ("http://ants.gouv.fr", "http://ants.gouv.fr")]


def test_a_review_date_in_the_past_is_refused(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.expires_on = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        sheet.full_clean()
    assert "postérieure à aujourd'hui" in error.value.message_dict["expires_on"][0]


def test_submit_then_approve_publishes_a_first_version_and_logs_each_step(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.submit(cast.mediator_a)
    version = sheet.approve(cast.manager_a, comment="Très clair")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert sheet.published_version == version
    assert version.number == 1
    assert version.steps == sheet.steps
    assert version.published_by == cast.manager_a
    logged = LogEntry.objects.get_for_object(sheet).filter(action=LogEntry.Action.UPDATE)
    moves = sorted((entry.changes_dict["status"][1], entry.actor_id) for entry in logged)
    assert moves == [("published", cast.manager_a.pk), ("submitted", cast.mediator_a.pk)]


def test_a_mediator_cannot_publish_even_their_own_sheet(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.submit(cast.mediator_a)
    with pytest.raises(PermissionDenied):
        sheet.approve(cast.mediator_a)
    assert PracticeSheet.objects.get(pk=sheet.pk).published_version is None


def test_the_coordinator_reviews_network_sheets_not_structure_sheets(cast: Any) -> None:
    shared = make_sheet(cast.mediator_a, cast.structure_a)
    kept = make_sheet(cast.mediator_a, cast.structure_a, scope="structure")
    assert shared.is_reviewer(cast.coordinator_a)
    assert not kept.is_reviewer(cast.coordinator_a)
    assert not shared.is_reviewer(cast.manager_b)


def test_returning_a_sheet_needs_a_comment_and_sends_it_back_to_draft(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.submit(cast.mediator_a)
    with pytest.raises(ValidationError):
        sheet.return_to_author(cast.manager_a, comment="  ")
    sheet.return_to_author(cast.manager_a, comment="Ajoutez le lien vers le simulateur.")
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.review_comment == "Ajoutez le lien vers le simulateur."


def test_approving_twice_is_refused_in_french(cast: Any) -> None:
    sheet = published_sheet(cast)
    with pytest.raises(ValidationError) as error:
        sheet.approve(cast.manager_a)
    assert error.value.messages == ["Cette fiche est déjà publiée."]
    assert sheet.versions.count() == 1


def test_a_revision_keeps_the_published_version_until_it_is_approved(cast: Any) -> None:
    sheet = published_sheet(cast)
    first = sheet.published_version
    sheet.steps = "Nouvelle étape unique"
    sheet.edited()
    sheet.save()
    sheet.submit(cast.mediator_a)
    sheet.refresh_from_db()
    assert sheet.published_version == first
    assert first is not None
    assert "caf.fr" in first.steps
    second = sheet.approve(cast.manager_a)
    assert second.number == 2
    assert second.steps == "Nouvelle étape unique"
    assert list(sheet.versions.values_list("number", flat=True)) == [2, 1]


def test_reports_flag_a_sheet_after_enough_readers_and_a_new_version_settles_them(cast: Any) -> None:
    from maillage.accounts.enums import Role
    from maillage.factories import member

    sheet = published_sheet(cast)
    readers = [member(Role.MEDIATOR, structure=cast.structure_a, totp=False) for _ in range(FLAG_AFTER_REPORTS)]
    sheet.report_obsolete(readers[0], reason="Le formulaire a changé")
    sheet.report_obsolete(readers[0], reason="Le formulaire a changé, vraiment")  # the same person counts once
    assert not PracticeSheet.objects.get(pk=sheet.pk).is_flagged
    for reader in readers[1:]:
        sheet.report_obsolete(reader, reason="Plus à jour")
    assert PracticeSheet.objects.get(pk=sheet.pk).is_flagged
    sheet.edited()
    sheet.save()
    sheet.submit(cast.mediator_a)
    sheet.approve(cast.manager_a)
    assert not PracticeSheet.objects.get(pk=sheet.pk).is_flagged
    assert sheet.reports.count() == FLAG_AFTER_REPORTS  # kept for the history


def test_a_report_needs_a_reason(cast: Any) -> None:
    sheet = published_sheet(cast)
    with pytest.raises(ValidationError):
        sheet.report_obsolete(cast.mediator_a, reason=" ")


@pytest.mark.parametrize("to", [SheetStatus.OBSOLETE, SheetStatus.ARCHIVED])
def test_withdrawing_hides_the_published_version_but_keeps_the_history(cast: Any, to: str) -> None:
    sheet = published_sheet(cast)
    sheet.withdraw(cast.manager_a, to=to, comment="Procédure remplacée")
    sheet.refresh_from_db()
    assert sheet.status == to
    assert sheet.published_version is None
    assert sheet.versions.count() == 1
    assert not PracticeSheet.objects.readable_by(cast.mediator_b).filter(pk=sheet.pk).exists()


def test_the_database_refuses_a_withdrawn_sheet_that_is_still_shown(cast: Any) -> None:
    sheet = published_sheet(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeSheet.objects.filter(pk=sheet.pk).update(status=SheetStatus.OBSOLETE)


def test_the_counter_offers_only_sheets_not_past_their_review_date(cast: Any) -> None:
    fresh = published_sheet(cast)
    old = published_sheet(cast, title="Ancienne")
    old.published_version.expires_on = timezone.localdate() - dt.timedelta(days=1)
    old.published_version.save()
    current = PracticeSheet.objects.current(timezone.localdate()).filter(procedure=procedure())
    assert list(current) == [fresh]


def test_a_draft_past_its_review_date_cannot_be_submitted(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a, expires_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        sheet.submit(cast.mediator_a)
    assert error.value.messages == ["La date de révision est passée : modifiez-la avant de soumettre la fiche."]
    assert PracticeSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT
