"""With STORAGE_URL=s3://…, uploaded files live in an S3-compatible bucket that every server reads.

A real S3-compatible HTTP server (moto's `moto_server`) runs on a free port; django-storages talks
to it through boto3 as it would to Scaleway, OVHcloud or MinIO. Our own code paths upload, read and
delete: a referral's attachment (uploaded, downloaded, purged after its delay) and a pending import
of places (uploaded, read by the dry run, deleted once imported).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.env import env_storage
from maillage.factories import sign_in
from maillage.tests.local_services import s3_server

BUCKET = "maillage-essai"
V0_FILE = Path(__file__).resolve().parents[1] / "exchange" / "tests" / "data" / "lieux-v0-region.json"


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with s3_server(tmp_path_factory.mktemp("s3")) as endpoint:
        yield endpoint


@pytest.fixture
def bucket(s3_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The default storage on a fresh bucket, configured as a deployment would; yields a boto3 client."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "essai")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "essai-secret")
    monkeypatch.setenv("STORAGE_URL", f"s3://{BUCKET}?endpoint_url={s3_endpoint}&region_name=eu-west-3")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-3")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {**settings.STORAGES, "default": env_storage("STORAGE_URL")}
    settings.MEDIA_ROOT = "/nonexistent/no-local-files"  # nothing may fall back to the local disk
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client: Any) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def signed_in(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_referral_attachment_is_uploaded_to_the_bucket_read_back_and_purged(
    cast: Any, bucket: Any, settings: Any
) -> None:
    from maillage.referrals.models import Referral, ReferralAttachment
    from maillage.referrals.tasks import run_daily

    source = Request.objects.create(
        visit=Visit.objects.create(), structure=cast.structure_a, place=cast.place_a, mediator=cast.mediator_a
    )
    alice = signed_in(cast.mediator_a)
    upload = SimpleUploadedFile("avis-impot-dupont.pdf", b"%PDF-1.4 essai", content_type="application/pdf")
    alice.post(
        reverse("referrals:create") + f"?demande={source.uuid}",
        {"external_name": "CCAS", "external_email": "c@x.fr", "reason": "x", "attachment": upload},
    )
    attachment = ReferralAttachment.objects.get()
    assert stored_keys(bucket) == [attachment.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read() == b"%PDF-1.4 essai"
    url = reverse("referrals:attachment", args=[Referral.objects.get().uuid, attachment.pk])
    assert b"".join(alice.get(url).streaming_content) == b"%PDF-1.4 essai"

    later = timezone.now() + dt.timedelta(days=settings.REFERRAL_ATTACHMENT_DAYS + 1)
    assert run_daily(later, "http://testserver/")["attachments"] == 1
    assert stored_keys(bucket) == []  # the retention purge deleted the object through the storage


def test_a_pending_import_lives_in_the_bucket_until_it_is_imported(cast: Any, bucket: Any) -> None:
    from maillage.exchange.models import PlaceImport

    admin = signed_in(cast.admin)
    admin.post(reverse("exchange:place_import"), {"file": SimpleUploadedFile(V0_FILE.name, V0_FILE.read_bytes())})
    pending = PlaceImport.objects.get()
    assert stored_keys(bucket) == [pending.file.name]
    review = admin.get(reverse("exchange:place_import_review", args=[pending.uuid])).content.decode()
    assert "27 lieu(x) seraient créé(s)" in review  # the dry run read the file back from the bucket
    done = admin.post(reverse("exchange:place_import_confirm", args=[pending.uuid])).content.decode()
    assert "27 lieu(x) ont été créé(s)" in done
    assert stored_keys(bucket) == []


def test_deleting_a_pending_import_deletes_its_object(cast: Any, bucket: Any) -> None:
    from maillage.exchange.models import PlaceImport

    pending = PlaceImport.receive(created_by=cast.admin, structure=None, file_name="lieux.csv", data=b"nom\n")
    assert stored_keys(bucket) == [pending.file.name]
    PlaceImport.objects.filter(pk=pending.pk).delete()
    assert stored_keys(bucket) == []
