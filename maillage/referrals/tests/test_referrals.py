"""Referrals: from a request to another structure's place, or to an external structure by link."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.referrals.enums import Status
from maillage.referrals.links import make_token
from maillage.referrals.models import Referral, TransitionError
from maillage.referrals.tasks import run_daily

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def source(cast: Any) -> Request:
    return Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        domain="housing",
    )


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_mediator_refers_to_another_structures_place_which_answers(cast: Any, source: Request, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    cast.structure_b.email = "accueil@structure-b.fr"
    cast.structure_b.save()
    a = _client(cast.mediator_a)
    response = a.post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {"to_place": cast.place_b.pk, "reason": "Dossier d'aide au logement à monter", "already_done": "Simulation"},
    )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.uuid])
    assert referral.to_structure == cast.structure_b
    assert mail.outbox[0].to == ["accueil@structure-b.fr"]
    b = _client(cast.manager_b)
    b.post(reverse("referrals:detail", args=[referral.uuid]), {"action": "accept"})
    b.post(
        reverse("referrals:detail", args=[referral.uuid]),
        {"action": "close", "outcome": "done", "feedback": "Dossier déposé"},
    )
    referral.refresh_from_db()
    assert referral.status == Status.DONE
    page = _text(a.get(reverse("referrals:detail", args=[referral.uuid])))
    assert "Réalisée" in page
    assert "Dossier déposé" in page
    assert [(e.to_status, e.user) for e in referral.events.all()] == [
        (Status.ACCEPTED, cast.manager_b),
        (Status.DONE, cast.manager_b),
    ]


def test_sender_cannot_answer_its_own_referral(cast: Any, source: Request) -> None:
    referral = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="x",
    )
    response = _client(cast.mediator_a).post(reverse("referrals:detail", args=[referral.uuid]), {"action": "accept"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_external_structure_answers_through_its_signed_link(cast: Any, source: Request, settings: Any) -> None:
    settings.TASKS = IMMEDIATE
    a = _client(cast.mediator_a)
    a.post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {"external_name": "CCAS de Bron", "external_email": "ccas@bron.example", "reason": "Aide alimentaire"},
    )
    referral = Referral.objects.get()
    link = re.search(r"http://testserver(/orientations/reponse/\S+/)", mail.outbox[0].body)
    assert link is not None
    url = link.group(1)
    assert str(referral.uuid) in url  # an identifier, no personal data
    anonymous = Client()
    assert "Aide alimentaire" in _text(anonymous.get(url))
    anonymous.post(url, {"action": "accept"})
    anonymous.post(url, {"action": "close", "outcome": "no_show"})
    referral.refresh_from_db()
    assert referral.status == Status.NO_SHOW
    assert {e.via for e in referral.events.all()} == {"link"}
    second = anonymous.post(url, {"action": "accept"}, follow=True)
    assert "ne peut plus passer" in _text(second)
    referral.refresh_from_db()
    assert referral.status == Status.NO_SHOW


@pytest.mark.parametrize("tamper", ["x", "-0"])
def test_tampered_link_changes_nothing(cast: Any, source: Request, tamper: str) -> None:
    referral = Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name="CCAS", external_email="c@x.fr", reason="x"
    )
    token = make_token(referral)[:-2] + tamper
    client = Client()
    response = client.post(reverse("referrals:answer", args=[token]), {"action": "accept"})
    assert response.status_code == 400
    assert "n'est pas valide" in _text(response)
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_expired_link_is_refused(cast: Any, source: Request, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    referral = Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name="CCAS", external_email="c@x.fr", reason="x"
    )
    token = make_token(referral)
    settings.REFERRAL_LINK_DAYS = 1
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 2 * 86400)
    response = Client().get(reverse("referrals:answer", args=[token]))
    assert response.status_code == 400
    assert "a expiré" in _text(response)


def test_public_link_is_rate_limited(cast: Any, source: Request) -> None:
    referral = Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name="CCAS", external_email="c@x.fr", reason="x"
    )
    url = reverse("referrals:answer", args=[make_token(referral)])
    codes = [Client().get(url).status_code for _ in range(32)]
    assert codes[0] == 200
    assert codes[-1] == 429


def test_contact_details_need_the_persons_consent(cast: Any, source: Request) -> None:
    response = _client(cast.mediator_a).post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {"to_place": cast.place_b.pk, "reason": "x", "contact_phone": "+33600000000"},
    )
    assert "Cochez l'accord de la personne" in " ".join(response.context["form"].errors["share_contact"])
    assert not Referral.objects.exists()


def test_refusal_needs_a_reason(cast: Any, source: Request) -> None:
    referral = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="x",
    )
    with pytest.raises(TransitionError, match="motif"):
        referral.refuse(user=cast.manager_b, reason=" ")
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_daily_run_reminds_expires_and_anonymises(cast: Any, source: Request) -> None:
    now = timezone.now()
    cast.structure_b.email = "b@x.fr"
    cast.structure_b.save()
    old = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="r",
        created_at=now - dt.timedelta(days=6),
    )
    stale = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        external_name="E",
        external_email="e@x.fr",
        reason="r",
        expires_at=now - dt.timedelta(minutes=1),
    )
    closed = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        external_name="E",
        external_email="e@x.fr",
        reason="secret",
        share_contact=True,
        contact_name="Ana Lima",
        status=Status.DONE,
        closed_at=now - dt.timedelta(days=200),
    )
    counts = run_daily(now, "http://testserver/")
    assert counts == {"reminded": 1, "expired": 1, "anonymised": 1, "attachments": 0}
    assert mail.outbox[0].subject.startswith("Rappel")
    old.refresh_from_db()
    stale.refresh_from_db()
    closed.refresh_from_db()
    assert old.reminded_at is not None
    assert stale.status == Status.EXPIRED
    assert (closed.reason, closed.contact_name) == ("", "")
    assert run_daily(now, "http://testserver/") == {"reminded": 0, "expired": 0, "anonymised": 0, "attachments": 0}


REFERRAL_ROLES = [
    ("mediator_a", 200),
    ("manager_a", 200),
    ("mediator_b", 200),
    ("manager_b", 200),
    ("coordinator_a", 404),
    ("partner_viewer", 404),
]


@pytest.mark.parametrize(("role", "status"), REFERRAL_ROLES)
def test_referral_detail_by_role(cast: Any, source: Request, role: str, status: int) -> None:
    """A → B referral: both structures' staff see it, nobody else."""
    referral = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="x",
    )
    assert _client(getattr(cast, role)).get(reverse("referrals:detail", args=[referral.uuid])).status_code == status


def test_creating_from_another_structures_request_is_not_found(cast: Any, source: Request) -> None:
    response = _client(cast.mediator_b).get(reverse("referrals:create") + f"?demande={source.uuid}")
    assert response.status_code == 404


def test_lists_show_only_own_referrals(cast: Any, source: Request) -> None:
    Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        external_name="CCAS secret",
        external_email="c@x.fr",
        reason="x",
    )
    assert "CCAS secret" in _text(_client(cast.mediator_a).get(reverse("referrals:list") + "?boite=envoyees"))
    assert "CCAS secret" not in _text(_client(cast.mediator_b).get(reverse("referrals:list") + "?boite=envoyees"))


def test_every_referral_url_is_covered() -> None:
    from maillage.referrals.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {
        "list",
        "chain",
        "chain_svg",
        "create",
        "place_options",
        "detail",
        "answer",
        "attachment",
        "attachment_by_link",
    }


def test_chain_counts_referrals_both_ways_and_exports(cast: Any, source: Request) -> None:
    now = timezone.now()
    ab = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        to_structure=cast.structure_b,
        to_place=cast.place_b,
        reason="x",
        created_at=now - dt.timedelta(hours=30),
    )
    ab.accept(user=cast.manager_b)
    ab.complete(user=cast.manager_b, feedback="ok")
    Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name="CCAS", external_email="c@x.fr", reason="x"
    )
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_b,
        place=cast.place_b,
        mediator=cast.mediator_b,
        domain="housing",
        referred_by="structure",
        referred_by_structure=cast.structure_a,
    )
    client = _client(cast.manager_a)
    page = client.get(reverse("referrals:chain"))
    links = {(lk.source, lk.target): lk for lk in page.context["chain"].links}
    a_to_b = links[("Structure A", "Structure B")]
    assert (a_to_b.sent, a_to_b.accepted, a_to_b.done, a_to_b.upstream) == (1, 1, 1, 1)
    assert a_to_b.acceptance_rate == 1.0
    assert a_to_b.median_close_hours == pytest.approx(30, abs=0.1)
    assert links[("Structure A", "CCAS (extérieur)")].sent == 1
    csv_body = client.get(reverse("referrals:chain"), {"format": "csv"}).content.decode("utf-8")
    assert csv_body.startswith("\ufeffStructure d'origine;Destinataire;")
    assert "Structure A;Structure B;1;1;1;0;0;100 %;100 %;30,0;1" in csv_body
    svg = client.get(reverse("referrals:chain_svg"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content


@pytest.mark.parametrize(("role", "status"), [("coordinator_a", 200), ("mediator_b", 200), ("partner_viewer", 403)])
def test_chain_by_role(cast: Any, source: Request, role: str, status: int) -> None:
    Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name="CCAS de A", external_email="c@x.fr", reason="x"
    )
    response = _client(getattr(cast, role)).get(reverse("referrals:chain"))
    assert response.status_code == status
    if role == "mediator_b":
        assert "CCAS de A" not in _text(response)
    if role == "coordinator_a":
        assert "CCAS de A" in _text(response)


def test_attachment_travels_with_the_referral_and_is_deleted_after_its_delay(
    cast: Any, source: Request, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maillage.referrals.models import ReferralAttachment

    settings.MEDIA_ROOT = tmp_path
    a = _client(cast.mediator_a)
    upload = SimpleUploadedFile("avis-impot-dupont.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    a.post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {"external_name": "CCAS", "external_email": "c@x.fr", "reason": "x", "attachment": upload},
    )
    referral = Referral.objects.get()
    attachment = ReferralAttachment.objects.get()
    assert "dupont" not in str(attachment.file.name)  # stored under a random name
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    url = reverse("referrals:attachment", args=[referral.uuid, attachment.pk])
    assert b"".join(a.get(url).streaming_content) == b"%PDF-1.4 test"
    assert _client(cast.mediator_b).get(url).status_code == 404
    by_link = Client().get(reverse("referrals:attachment_by_link", args=[make_token(referral), attachment.pk]))
    assert b"".join(by_link.streaming_content) == b"%PDF-1.4 test"
    counts = run_daily(timezone.now() + dt.timedelta(days=settings.REFERRAL_ATTACHMENT_DAYS + 1), "http://testserver/")
    assert counts["attachments"] == 1
    assert not stored.exists()
    assert not ReferralAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "Seuls les fichiers PDF, JPG et PNG"),
        ("gros.pdf", b"0" * (6 * 1024 * 1024), "dépasse 5 Mo"),
    ],
)
def test_bad_attachments_are_refused(cast: Any, source: Request, name: str, content: bytes, message: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(cast.mediator_a).post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {
            "external_name": "CCAS",
            "external_email": "c@x.fr",
            "reason": "x",
            "attachment": SimpleUploadedFile(name, content),
        },
    )
    assert message in " ".join(response.context["form"].errors["attachment"])
    assert not Referral.objects.exists()
