"""A referral's answer link shows the person only while the referral is open, and only if external."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.referrals.links import make_token
from maillage.referrals.models import Referral, ReferralAttachment

PERSONAL = ["Jeanne Martin", "0611223344", "jeanne.martin@example.fr", "Dossier APL en retard", "avis-impot.pdf"]
FILE = b"%PDF-1.4 avis d'imposition"


@pytest.fixture
def referral(cast: Any, settings: Any, tmp_path: Any) -> Referral:
    settings.MEDIA_ROOT = tmp_path
    source = Request.objects.create(
        visit=Visit.objects.create(), structure=cast.structure_a, place=cast.place_a, mediator=cast.mediator_a
    )
    referral = Referral.objects.create(
        request=source,
        from_structure=cast.structure_a,
        external_name="CCAS de Bron",
        external_email="ccas@bron.example",
        reason="Dossier APL en retard",
        share_contact=True,
        contact_name="Jeanne Martin",
        contact_phone="0611223344",
        contact_email="jeanne.martin@example.fr",
    )
    ReferralAttachment.objects.create(
        referral=referral, file=SimpleUploadedFile("avis-impot.pdf", FILE), name="avis-impot.pdf", size=len(FILE)
    )
    return referral


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _attachment_url(referral: Referral) -> str:
    return reverse("referrals:attachment_by_link", args=[make_token(referral), referral.attachments.get().pk])


def _close(referral: Referral, how: str, user: Any) -> None:
    if how == "done":
        referral.accept(user=user)
        referral.complete(user=user, feedback="Dossier déposé")
    elif how == "refused":
        referral.refuse(user=user, reason="Hors de notre secteur")
    elif how == "no_show":
        referral.accept(user=user)
        referral.mark_no_show(user=user)
    else:
        referral.expire()


def test_open_referral_link_shows_the_person_and_the_attachment(referral: Referral) -> None:
    page = _text(Client().get(reverse("referrals:answer", args=[make_token(referral)])))
    assert all(value in page for value in PERSONAL)
    download = Client().get(_attachment_url(referral))
    assert b"".join(download.streaming_content) == FILE


@pytest.mark.parametrize(
    ("how", "label"),
    [("done", "réalisée"), ("refused", "refusée"), ("no_show", "personne non venue"), ("expired", "expirée")],
)
def test_closed_referral_link_shows_no_personal_data(referral: Referral, how: str, label: str) -> None:
    _close(referral, how, user=None)
    response = Client().get(reverse("referrals:answer", args=[make_token(referral)]))
    page = _text(response)
    assert response.status_code == 410
    assert "Cette orientation est clôturée" in page
    assert label in page
    assert [value for value in PERSONAL if value in page] == []
    download = Client().get(_attachment_url(referral))
    assert download.status_code == 410
    assert not hasattr(download, "streaming_content")
    assert FILE not in download.content


def test_referral_past_its_deadline_shows_no_personal_data_before_the_daily_task(referral: Referral) -> None:
    Referral.objects.filter(pk=referral.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().get(reverse("referrals:answer", args=[make_token(referral)]))
    page = _text(response)
    assert response.status_code == 410
    assert "délai est dépassé" in page
    assert [value for value in PERSONAL if value in page] == []
    assert Client().get(_attachment_url(referral)).status_code == 410


def test_closing_through_the_link_ends_on_the_closed_page(referral: Referral) -> None:
    url = reverse("referrals:answer", args=[make_token(referral)])
    anonymous = Client()
    anonymous.post(url, {"action": "accept"})
    response = anonymous.post(url, {"action": "close", "outcome": "done", "feedback": "ok"}, follow=True)
    page = _text(response)
    assert "merci pour votre retour" in page
    assert "Cette orientation est clôturée" in page
    assert "Jeanne Martin" not in page


def test_internal_referral_token_opens_no_attachment(referral: Referral, cast: Any) -> None:
    Referral.objects.filter(pk=referral.pk).update(to_structure=cast.structure_b, to_place=cast.place_b)
    referral.refresh_from_db()
    assert not referral.is_external
    response = Client().get(_attachment_url(referral))
    assert response.status_code == 404
    assert FILE not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert Client().get(reverse("referrals:answer", args=[make_token(referral)])).status_code == 400


def test_attachments_through_a_link_share_the_links_rate_limit(referral: Referral, settings: Any) -> None:
    settings.REFERRAL_LINK_RATE_LIMIT = "3/m"
    client = Client()
    assert client.get(reverse("referrals:answer", args=[make_token(referral)])).status_code == 200
    downloads = [client.get(_attachment_url(referral)) for _ in range(3)]
    assert [d.status_code for d in downloads] == [200, 200, 429]
    for download in downloads[:2]:
        download.close()
    refused = downloads[-1]
    assert "Trop de requêtes" in _text(refused)
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_attachment_missing_from_storage_is_a_french_404(referral: Referral) -> None:
    attachment = referral.attachments.get()
    attachment.file.storage.delete(attachment.file.name)  # gone from the disk, still listed
    response = Client().get(_attachment_url(referral))
    assert response.status_code == 404
