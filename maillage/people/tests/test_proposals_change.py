"""A mediator proposes to change or remove one of their own entries; a manager accepts (applied as if
typed by the manager, logged) or refuses it, one pending proposal per entry at a time."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.people.enums import ProposalAction, ProposalStatus
from maillage.people.models import Habilitation, Language, ProfileChangeProposal, Skill, Training

pytestmark = pytest.mark.django_db


def signed(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def review(cast: Any, proposal: ProfileChangeProposal, decision: str, **extra: str) -> Any:
    url = reverse("people:review", args=[proposal.uuid])
    return signed(cast.manager_a).post(url, {"decision": decision, **extra}, follow=True)


@pytest.fixture
def skill(cast: Any) -> Skill:
    return Skill.objects.create(
        user=cast.mediator_a, partner=cast.partner, level="beginner", acquired_on=dt.date(2024, 1, 5)
    )


@pytest.fixture
def training(cast: Any) -> Training:
    return Training.objects.create(
        user=cast.mediator_a, title="Pix", organiser="Pix", start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 2)
    )


def propose_change(cast: Any, kind: str, pk: int, data: dict[str, str]) -> Any:
    return signed(cast.mediator_a).post(reverse("people:propose_change", args=[kind, pk]), data)


def propose_removal(cast: Any, kind: str, pk: int, reason: str) -> Any:
    return signed(cast.mediator_a).post(reverse("people:propose_removal", args=[kind, pk]), {"reason": reason})


def test_a_change_accepted_by_the_manager_updates_the_entry_and_is_logged(cast: Any, skill: Skill) -> None:
    response = propose_change(cast, "skill", skill.pk, {"level": "referent", "acquired_on": "2025-06-01"})
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.level == "beginner"  # nothing changes before the manager accepts
    proposal = ProfileChangeProposal.objects.get()
    page = text(signed(cast.manager_a).get(reverse("people:proposals")))
    assert "Modification : compétence" in page
    assert (
        f"avant : {cast.partner} : débutant, le 05/01/2024 → après : {cast.partner} : référent, le 01/06/2025" in page
    )

    response = review(cast, proposal, "accept")
    assert "est enregistré dans le profil" in text(response)
    skill.refresh_from_db()
    assert (skill.level, skill.acquired_on, skill.partner) == ("referent", dt.date(2025, 6, 1), cast.partner)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by) == (ProposalStatus.ACCEPTED, cast.manager_a)
    changed = LogEntry.objects.get(content_type__model="skill", object_pk=str(skill.pk), action=LogEntry.Action.UPDATE)
    assert changed.actor == cast.manager_a


def test_a_change_is_checked_like_the_managers_own_typing(cast: Any, training: Training) -> None:
    response = propose_change(cast, "training", training.pk, {"start": "2024-03-01", "end": "2024-02-01"})
    assert response.status_code == 400
    assert "La formation ne peut pas finir avant de commencer." in text(response)
    assert not ProfileChangeProposal.objects.exists()


def test_a_removal_accepted_by_the_manager_deletes_the_entry_and_is_logged(cast: Any, training: Training) -> None:
    assert propose_removal(cast, "training", training.pk, "Saisie en double").status_code == 302
    proposal = ProfileChangeProposal.objects.get()
    page = text(signed(cast.manager_a).get(reverse("people:proposals")))
    assert "Pix, Pix, du 01/03/2024 au 02/03/2024 — suppression demandée : Saisie en double" in page
    own = text(signed(cast.mediator_a).get(reverse("people:mine")))
    assert "suppression demandée : Saisie en double" in own

    assert "est retiré du profil" in text(review(cast, proposal, "accept"))
    assert not Training.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    deleted = LogEntry.objects.get(content_type__model="training", action=LogEntry.Action.DELETE)
    assert (deleted.object_pk, deleted.actor) == (str(training.pk), cast.manager_a)


def test_a_removal_needs_a_reason(cast: Any, training: Training) -> None:
    response = propose_removal(cast, "training", training.pk, "")
    assert response.status_code == 400
    assert "indiquez le motif de la suppression" in text(response)
    assert not ProfileChangeProposal.objects.exists()


def test_refused_change_and_removal_keep_the_entry(cast: Any, skill: Skill, training: Training) -> None:
    propose_change(cast, "skill", skill.pk, {"level": "referent", "acquired_on": "2025-06-01"})
    propose_removal(cast, "training", training.pk, "Plus utile")
    for proposal in ProfileChangeProposal.objects.all():
        review(cast, proposal, "refuse", note="Pas d'attestation")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.review_note) == (ProposalStatus.REFUSED, "Pas d'attestation")
    skill.refresh_from_db()
    assert (skill.level, skill.acquired_on) == ("beginner", dt.date(2024, 1, 5))
    assert Training.objects.filter(pk=training.pk).exists()


def test_an_entry_deleted_meanwhile_is_not_accepted_and_the_proposal_stays_pending(cast: Any, skill: Skill) -> None:
    propose_change(cast, "skill", skill.pk, {"level": "referent", "acquired_on": "2025-06-01"})
    skill.delete()  # by the manager, on the profile page
    response = review(cast, ProfileChangeProposal.objects.get(), "accept")
    assert "La proposition n'a pas pu être acceptée : cette information a été supprimée du profil" in text(response)
    assert ProfileChangeProposal.objects.get().status == ProposalStatus.PENDING
    assert not Skill.objects.exists()


def test_an_entry_changed_meanwhile_is_not_accepted_and_keeps_the_managers_values(
    cast: Any, training: Training
) -> None:
    propose_removal(cast, "training", training.pk, "Plus valable")
    Training.objects.filter(pk=training.pk).update(expires_on=dt.date(2026, 1, 1))  # the manager's edit
    response = review(cast, ProfileChangeProposal.objects.get(), "accept")
    assert "La proposition n'a pas pu être acceptée : cette information a été modifiée depuis la proposition" in text(
        response
    )
    assert ProfileChangeProposal.objects.get().status == ProposalStatus.PENDING
    assert Training.objects.get().expires_on == dt.date(2026, 1, 1)


def test_a_second_pending_proposal_on_the_same_entry_is_refused_in_french(cast: Any, skill: Skill) -> None:
    propose_change(cast, "skill", skill.pk, {"level": "confirmed", "acquired_on": "2024-01-05"})
    response = signed(cast.mediator_a).post(
        reverse("people:propose_removal", args=["skill", skill.pk]), {"reason": "Erreur"}, follow=True
    )
    assert "Une proposition est déjà en attente pour cette information" in text(response)
    assert ProfileChangeProposal.objects.get().action == ProposalAction.CHANGE
    review(cast, ProfileChangeProposal.objects.get(), "refuse")
    assert propose_removal(cast, "skill", skill.pk, "Erreur").status_code == 302  # free again once reviewed
    assert ProfileChangeProposal.objects.pending().get().action == ProposalAction.REMOVE


def test_a_mediator_cannot_propose_about_another_persons_entry(cast: Any) -> None:
    other = Language.objects.create(user=cast.mediator_b, code="ar", level="basic")
    client = signed(cast.mediator_a)
    for name, data in (("people:propose_change", {"level": "native"}), ("people:propose_removal", {"reason": "x"})):
        url = reverse(name, args=["language", other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert client.get(reverse("people:propose_change", args=["period", other.pk])).status_code == 404
    assert not ProfileChangeProposal.objects.exists()


def test_the_profile_offers_change_and_removal_of_own_entries_only(cast: Any, skill: Skill) -> None:
    page = text(signed(cast.mediator_a).get(reverse("people:mine")))
    assert reverse("people:propose_change", args=["skill", skill.pk]) in page
    assert reverse("people:propose_removal", args=["skill", skill.pk]) in page
    managers_view = text(signed(cast.manager_a).get(reverse("people:member", args=[cast.mediator_a.uuid])))
    assert reverse("people:edit", args=[cast.mediator_a.uuid, "skill", skill.pk]) in managers_view
    assert reverse("people:propose_change", args=["skill", skill.pk]) not in managers_view


def test_review_page_takes_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    for code in ("ar", "es", "tr"):
        language = Language.objects.create(user=cast.mediator_a, code=code, level="basic")
        propose_change(cast, "language", language.pk, {"level": "fluent"})
    habilitation = Habilitation.objects.create(user=cast.mediator_a, kind="pix", obtained_on=dt.date(2024, 1, 1))
    propose_removal(cast, "habilitation", habilitation.pk, "Erreur")
    signed(cast.mediator_a).post(reverse("people:propose", args=["language"]), {"code": "wo", "level": "basic"})
    client = signed(cast.manager_a)
    client.get(reverse("people:proposals"))
    with django_assert_num_queries(8):
        response = client.get(reverse("people:proposals"))
    assert len(response.context["page"].object_list) == 5
    page = text(response)
    assert (page.count("→ après : "), page.count("suppression demandée : Erreur")) == (3, 1)


def test_the_database_keeps_one_pending_proposal_per_entry(cast: Any, skill: Skill) -> None:
    from django.db import IntegrityError, transaction

    values = {"user": cast.mediator_a, "kind": "skill", "target_id": skill.pk, "data": {}, "summary": "x"}
    ProfileChangeProposal.objects.create(action=ProposalAction.REMOVE, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileChangeProposal.objects.create(action=ProposalAction.CHANGE, **values)
    ProfileChangeProposal.objects.update(status=ProposalStatus.REFUSED)
    ProfileChangeProposal.objects.create(action=ProposalAction.CHANGE, **values)  # once reviewed, a new one
    assert ProfileChangeProposal.objects.pending().count() == 1


def test_a_proposal_stored_at_the_same_instant_as_another_gets_the_french_message(cast: Any, skill: Skill) -> None:
    """Two posts racing past the pending check: the database keeps one, the other reads the French
    message instead of an error page."""
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from maillage.people.models import ONE_PENDING_PER_ENTRY
    from maillage.people.views_changes import _propose

    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    removal = {"data": {}, "summary": "Compétence", "reason": "doublon"}
    assert _propose(request, cast.mediator_a, "skill", skill, ProposalAction.REMOVE, **removal) is True
    assert _propose(request, cast.mediator_a, "skill", skill, ProposalAction.REMOVE, **removal) is False
    assert [str(m) for m in get_messages(request)] == [ONE_PENDING_PER_ENTRY]
    assert ProfileChangeProposal.objects.filter(target_id=skill.pk).count() == 1
