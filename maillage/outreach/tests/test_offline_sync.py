"""The phone's queue sent to /aller-vers/terrain/envoi.json: stored once each, refused one by one with a
French reason, a whole body refused when it cannot be read (ADR 0016)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.counter.models import Procedure, Request
from maillage.factories import sign_in
from maillage.outreach.models import ContactAttempt
from maillage.outreach.tests.helpers import make_campaign

pytestmark = pytest.mark.django_db
URL = "/aller-vers/terrain/envoi.json"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def request_record(place: Any, **fields: Any) -> dict[str, Any]:
    record = {
        "uuid": str(uuid.uuid4()),
        "kind": "request",
        "recorded_at": _iso(timezone.now() - dt.timedelta(minutes=30)),
        "place": str(place.uuid),
        "procedure": "caf_prime_activite",
        "partner": "caf",
        "duration_minutes": 20,
        "channel": "home_visit",
        "campaign": None,
    }
    record.update(fields)
    return record


def attempt_record(campaign: Any, **fields: Any) -> dict[str, Any]:
    record = {
        "uuid": str(uuid.uuid4()),
        "kind": "attempt",
        "recorded_at": _iso(timezone.now() - dt.timedelta(minutes=20)),
        "campaign": str(campaign.uuid),
        "commune": "69266",
        "result": "contact_made",
        "duration_minutes": 5,
    }
    record.update(fields)
    return record


def send(client: Client, records: list[dict[str, Any]], *, sent_at: dt.datetime | None = None) -> Any:
    body = {"sent_at": _iso(sent_at or timezone.now()), "records": records}
    return client.post(URL, json.dumps(body), content_type="application/json")


def statuses(response: Any) -> dict[str, tuple[str, str]]:
    return {r["uuid"]: (r["status"], r.get("reason", "")) for r in response.json()["results"]}


def test_a_batch_is_stored_once_and_its_replay_adds_nothing(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    records = [request_record(cast.place_a, campaign=str(campaign.uuid)) for _ in range(3)]
    records += [attempt_record(campaign) for _ in range(2)]
    client = _client(cast.mediator_a)

    first = send(client, records)
    again = send(client, records)

    assert first.status_code == 200
    assert {s for s, _ in statuses(first).values()} == {"stored"}
    assert {s for s, _ in statuses(again).values()} == {"already_stored"}
    uuids = [uuid.UUID(r["uuid"]) for r in records]
    assert Request.objects.filter(client_uuid__in=uuids).count() == 3
    assert ContactAttempt.objects.filter(client_uuid__in=uuids).count() == 2
    stored = Request.objects.get(client_uuid=uuids[0])
    assert (stored.mediator, stored.place, stored.campaign, stored.procedure.code) == (
        cast.mediator_a,
        cast.place_a,
        campaign,
        "caf_prime_activite",
    )
    assert stored.visit_id is not None
    assert stored.structure == cast.structure_a


def test_one_refused_record_does_not_block_the_others_and_leaves_nothing(cast: Any) -> None:
    good = [request_record(cast.place_a) for _ in range(2)]
    bad = request_record(cast.place_a, procedure="caf_rsa", partner="cpam_inexistant")
    response = send(_client(cast.mediator_a), [good[0], bad, good[1]])

    answer = statuses(response)
    assert answer[good[0]["uuid"]][0] == answer[good[1]["uuid"]][0] == "stored"
    assert answer[bad["uuid"]] == ("rejected", "Le partenaire « cpam_inexistant » n'existe plus dans le catalogue.")
    assert not Request.objects.filter(client_uuid=bad["uuid"]).exists()
    assert Request.objects.filter(mediator=cast.mediator_a).count() == 2


def test_a_phone_clock_far_off_is_corrected_by_the_skew_of_sent_at(cast: Any) -> None:
    """The phone says 14:00 for a request made 30 minutes before it sends at 14:30; its clock is 3 days late."""
    now = timezone.now()
    late = dt.timedelta(days=3)
    record = request_record(cast.place_a, recorded_at=_iso(now - late - dt.timedelta(minutes=30)))
    send(_client(cast.mediator_a), [record], sent_at=now - late)

    stored = Request.objects.get(client_uuid=record["uuid"])
    assert abs(stored.occurred_at - (now - dt.timedelta(minutes=30))) < dt.timedelta(seconds=30)


@pytest.mark.parametrize(
    ("offset", "reason"),
    [
        (dt.timedelta(hours=2), "dans le futur, même après correction de l'horloge du téléphone"),
        (-dt.timedelta(days=31), "date de plus de 30 jours"),
    ],
)
def test_a_date_still_in_the_future_or_too_old_after_correction_is_refused(
    cast: Any, offset: dt.timedelta, reason: str
) -> None:
    record = request_record(cast.place_a, recorded_at=_iso(timezone.now() + offset))
    status, why = statuses(send(_client(cast.mediator_a), [record]))[record["uuid"]]
    assert status == "rejected"
    assert reason in why
    assert not Request.objects.filter(client_uuid=record["uuid"]).exists()


def test_a_place_the_mediator_lost_access_to_is_refused(cast: Any) -> None:
    client = _client(cast.mediator_a)
    Membership.objects.filter(user=cast.mediator_a).update(structure=cast.structure_b)
    record = request_record(cast.place_a)
    assert statuses(send(client, [record]))[record["uuid"]] == (
        "rejected",
        "Ce lieu n'est plus parmi les vôtres (accès retiré ou lieu supprimé).",
    )


def test_a_catalogue_entry_deleted_or_deactivated_meanwhile_is_refused(cast: Any) -> None:
    Procedure.objects.filter(code="caf_rsa").update(is_active=False)
    retired = request_record(cast.place_a, procedure="caf_rsa")
    gone = request_record(cast.place_a, procedure="caf_disparue")
    cast.partner.is_active = False
    cast.partner.save()
    inactive = request_record(cast.place_a, procedure=None, partner="caf", domain="social_health")

    answer = statuses(send(_client(cast.mediator_a), [retired, gone, inactive]))

    assert answer[retired["uuid"]] == ("rejected", "La démarche « RSA » a été retirée du catalogue.")
    assert answer[gone["uuid"]] == ("rejected", "La démarche « caf_disparue » n'existe plus dans le catalogue.")
    assert answer[inactive["uuid"]][0] == "rejected"
    assert "n'est plus actif" in answer[inactive["uuid"]][1]
    assert not Request.objects.exists()


def test_a_partner_the_place_no_longer_offers_is_refused(cast: Any) -> None:
    from maillage.factories import PartnerFactory

    cast.place_a.partners.set([PartnerFactory(code="cpam")])
    record = request_record(cast.place_a)  # a CAF procedure
    assert statuses(send(_client(cast.mediator_a), [record]))[record["uuid"]] == (
        "rejected",
        "Ce lieu ne traite plus les démarches de « Partenaire caf ».".replace("Partenaire caf", cast.partner.name),
    )


def test_an_ended_campaign_or_another_structures_campaign_is_refused(cast: Any) -> None:
    ended = make_campaign(cast.structure_a, before=20, after=-3, title="Finie")
    theirs = make_campaign(cast.structure_b, title="La leur")
    late = attempt_record(ended)
    other = attempt_record(theirs)
    tagged = request_record(cast.place_a, campaign=str(theirs.uuid))

    answer = statuses(send(_client(cast.mediator_a), [late, other, tagged]))

    assert answer[late["uuid"]][0] == "rejected"
    assert "la date de l'enregistrement est en dehors" in answer[late["uuid"]][1]
    assert answer[other["uuid"]] == ("rejected", "Cette campagne n'existe plus ou n'est pas celle de vos structures.")
    assert answer[tagged["uuid"]] == answer[other["uuid"]]
    assert not ContactAttempt.objects.exists()
    assert not Request.objects.exists()


def test_another_structures_place_is_refused(cast: Any) -> None:
    record = request_record(cast.place_b)
    assert statuses(send(_client(cast.mediator_a), [record]))[record["uuid"]][0] == "rejected"
    assert not Request.objects.exists()


def test_the_same_uuid_from_another_mediator_is_refused(cast: Any) -> None:
    from maillage.accounts.enums import Role
    from maillage.factories import member

    colleague = member(Role.MEDIATOR, structure=cast.structure_a, totp=False)
    record = request_record(cast.place_a)
    send(_client(cast.mediator_a), [record])

    status, reason = statuses(send(_client(colleague), [record]))[record["uuid"]]

    assert status == "rejected"
    assert "déjà utilisé" in reason
    assert Request.objects.get(client_uuid=record["uuid"]).mediator == cast.mediator_a


@pytest.mark.parametrize(
    "field", ["first_name", "last_name", "birth_date", "phone", "email", "address", "note", "person"]
)
def test_a_record_carrying_identity_is_refused(cast: Any, field: str) -> None:
    record = request_record(cast.place_a, **{field: "Dupont"})
    status, reason = statuses(send(_client(cast.mediator_a), [record]))[record["uuid"]]
    assert status == "rejected"
    assert "aucune donnée d'identité" in reason
    assert field in reason
    assert not Request.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b'{"sent_at": "2026-12-07T10:00:00Z", "records": [{"uuid": "a", "kind": "req',  # truncated
        b"not json at all",
        b'{"records": []}',  # no phone clock
        b'{"sent_at": "2026-12-07T10:00:00", "records": []}',  # no offset
        b'["a list"]',
        b"\xff\xfe\x00",
    ],
)
def test_a_truncated_or_malformed_body_is_a_french_400_and_stores_nothing(cast: Any, body: bytes) -> None:
    response = _client(cast.mediator_a).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "rien n'a été enregistré" in response.json()["detail"].lower()
    assert not Request.objects.exists()


def test_an_expired_session_gets_json_401_not_a_login_redirect(cast: Any) -> None:
    response = send(Client(), [request_record(cast.place_a)])
    assert response.status_code == 401
    assert response.json() == {
        "code": "session_expired",
        "detail": "Session expirée : reconnectez-vous, vos enregistrements restent sur ce téléphone.",
    }
    assert not Request.objects.exists()


def test_a_post_without_csrf_token_gets_json_403_and_stores_nothing(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast.mediator_a)
    response = send(client, [request_record(cast.place_a)])
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert not Request.objects.exists()


def test_a_post_with_the_pages_csrf_token_is_accepted(cast: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, cast.mediator_a)
    token = client.get(reverse("outreach:terrain_bootstrap")).json()["csrf_token"]
    record = request_record(cast.place_a)
    body = json.dumps({"sent_at": _iso(timezone.now()), "records": [record]})
    response = client.post(URL, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert statuses(response)[record["uuid"]][0] == "stored"


@pytest.mark.parametrize("role", ["coordinator_a", "partner_viewer"])
def test_people_without_places_get_json_403(cast: Any, role: str) -> None:
    response = send(_client(getattr(cast, role)), [])
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_stored_record_leaves_an_audit_line_with_the_mediator_as_actor(cast: Any) -> None:
    from auditlog.models import LogEntry

    campaign = make_campaign(cast.structure_a)
    records = [request_record(cast.place_a), attempt_record(campaign)]
    send(_client(cast.mediator_a), records)

    request = Request.objects.get(client_uuid=records[0]["uuid"])
    attempt = ContactAttempt.objects.get(client_uuid=records[1]["uuid"])
    for obj in (request, attempt):
        entry = LogEntry.objects.get_for_object(obj).get()
        assert entry.action == LogEntry.Action.CREATE
        assert entry.actor == cast.mediator_a


def test_a_batch_over_the_record_limit_is_refused_whole(cast: Any) -> None:
    records = [request_record(cast.place_a) for _ in range(201)]
    response = send(_client(cast.mediator_a), records)
    assert response.status_code == 400
    assert response.json()["detail"] == "Envoi refusé : 200 enregistrements au plus par envoi. Rien n'a été enregistré."
    assert not Request.objects.exists()


def test_a_body_over_the_upload_limit_is_a_french_400(cast: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = send(_client(cast.mediator_a), [request_record(cast.place_a) for _ in range(10)])
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Envoi trop volumineux : rien n'a été enregistré")
    assert not Request.objects.exists()


def test_a_commune_code_is_taken_whole_never_by_its_first_five_characters(cast: Any) -> None:
    """« 692660 » is no commune: refused with its reason, not read as Villeurbanne (69266)."""
    campaign = make_campaign(cast.structure_a)
    record = attempt_record(campaign, commune="692660")
    answer = statuses(send(_client(cast.mediator_a), [record]))
    assert answer[record["uuid"]] == ("rejected", "Commune inconnue : code INSEE « 692660 ».")
    assert not ContactAttempt.objects.exists()
