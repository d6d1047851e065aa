"""A mediator proposes additions to their own profile; a manager accepts (the entry is created as if
typed by the manager, logged) or refuses them."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.people.enums import ProposalStatus
from maillage.people.models import Language, ProfileChangeProposal, Skill, Training

pytestmark = pytest.mark.django_db


def signed(cast: Any, role: str) -> Client:
    client = Client()
    sign_in(client, getattr(cast, role))
    return client


def propose(cast: Any, kind: str, data: dict[str, Any]) -> Any:
    return signed(cast, "mediator_a").post(reverse("people:propose", args=[kind]), data)


def test_a_mediator_proposes_a_language_and_sees_it_pending_on_their_profile(cast: Any) -> None:
    response = propose(cast, "language", {"code": "wo", "level": "fluent"})
    assert response.status_code == 302
    proposal = ProfileChangeProposal.objects.get()
    assert (proposal.user, proposal.status, proposal.summary) == (
        cast.mediator_a,
        ProposalStatus.PENDING,
        "Wolof (Courant)",
    )
    assert not Language.objects.exists()
    page = html.unescape(signed(cast, "mediator_a").get(reverse("people:mine")).content.decode())
    assert "Langue : Wolof (Courant)" in page


def test_a_bad_proposal_is_refused_in_french_and_nothing_is_stored(cast: Any) -> None:
    response = propose(
        cast, "training", {"title": "Pix", "organiser": "Pix", "start": "2025-02-02", "end": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "La formation ne peut pas finir avant de commencer." in html.unescape(response.content.decode())
    assert not ProfileChangeProposal.objects.exists()


def test_the_manager_accepts_a_skill_and_the_entry_is_created_and_logged(cast: Any) -> None:
    propose(cast, "skill", {"partner": cast.partner.pk, "level": "confirmed", "acquired_on": "2025-04-01"})
    proposal = ProfileChangeProposal.objects.get()
    response = signed(cast, "manager_a").post(reverse("people:review", args=[proposal.uuid]), {"decision": "accept"})
    assert response.status_code == 302
    skill = Skill.objects.get(user=cast.mediator_a)
    assert (skill.partner, skill.level, skill.acquired_on) == (cast.partner, "confirmed", dt.date(2025, 4, 1))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by) == (ProposalStatus.ACCEPTED, cast.manager_a)
    logged = LogEntry.objects.filter(object_pk__in=[str(proposal.pk), str(skill.pk)], actor=cast.manager_a)
    assert {entry.content_type.model for entry in logged} == {"profilechangeproposal", "skill"}


def test_the_manager_refuses_with_a_reason_and_nothing_is_added(cast: Any) -> None:
    propose(cast, "training", {"title": "Pix", "organiser": "Pix", "start": "2025-01-01", "end": "2025-01-02"})
    proposal = ProfileChangeProposal.objects.get()
    signed(cast, "manager_a").post(
        reverse("people:review", args=[proposal.uuid]), {"decision": "refuse", "note": "Attestation manquante"}
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_note) == (ProposalStatus.REFUSED, "Attestation manquante")
    assert not Training.objects.exists()


def test_a_proposal_no_longer_valid_is_not_accepted_and_stays_pending(cast: Any) -> None:
    propose(cast, "language", {"code": "ar", "level": "basic"})
    Language.objects.create(user=cast.mediator_a, code="ar", level="native")  # added meanwhile by the manager
    proposal = ProfileChangeProposal.objects.get()
    client = signed(cast, "manager_a")
    response = client.post(reverse("people:review", args=[proposal.uuid]), {"decision": "accept"}, follow=True)
    assert "La proposition n'a pas pu être acceptée : Cette langue est déjà indiquée." in html.unescape(
        response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert Language.objects.get(user=cast.mediator_a).level == "native"


def test_a_proposal_is_reviewed_once(cast: Any) -> None:
    propose(cast, "language", {"code": "es", "level": "basic"})
    proposal = ProfileChangeProposal.objects.get()
    proposal.accept(cast.manager_a)
    with pytest.raises(ValidationError):
        proposal.accept(cast.manager_a)
    with pytest.raises(ValidationError):
        proposal.refuse(cast.manager_a)
    assert Language.objects.filter(user=cast.mediator_a).count() == 1
