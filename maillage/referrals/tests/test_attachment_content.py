"""A referral attachment is what its name says: the first bytes are checked, not only the extension."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.referrals.models import Referral, ReferralAttachment

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"


@pytest.fixture
def source(cast: Any) -> Request:
    return Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        domain="housing",
    )


def _send(cast: Any, source: Request, name: str, content: bytes) -> Any:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client.post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {
            "external_name": "CCAS",
            "external_email": "c@x.fr",
            "reason": "x",
            "attachment": SimpleUploadedFile(name, content),
        },
    )


REAL = {"png": PNG, "jpg": JPEG, "jpeg": JPEG, "pdf": PDF}


@pytest.mark.parametrize(
    ("name", "content"),
    [("photo.png", EXE), ("scan.jpg", PNG), ("avis.pdf", b"<html><script>"), ("carte.JPEG", PDF), ("a.png", JPEG)],
)
def test_a_file_whose_content_is_not_its_extension_is_refused_and_the_real_one_accepted(
    cast: Any, source: Request, settings: Any, tmp_path: Any, name: str, content: bytes
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = _send(cast, source, name, content)
    errors = html.unescape(" ".join(response.context["form"].errors["attachment"]))
    assert f"Le contenu de « {name} » n'est pas celui d'un fichier" in errors
    assert not Referral.objects.exists()
    real = REAL[name.rsplit(".", 1)[-1].lower()]
    assert _send(cast, source, name, real).status_code == 302
    assert ReferralAttachment.objects.get().name == name
