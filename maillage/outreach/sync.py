"""Offline capture: a batch of records made on a phone, stored once each (ADR 0016).

A batch is `{"sent_at": <phone clock, ISO 8601>, "records": [...]}`; each record is a counter request
(`kind: "request"`) or a contact attempt (`kind: "attempt"`) with a `uuid` made on the phone and the
phone's `recorded_at`. Each record is stored in a savepoint of its own and answered `stored`,
`already_stored` or `rejected` with a French reason: a refused record never blocks the others and
nothing is half-written. The phone's clock is corrected by the skew between `sent_at` and the server's
clock before any date check.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from maillage.counter.enums import Channel
from maillage.counter.models import MAX_DURATION_MINUTES, Procedure, Request
from maillage.counter.services import UUID_TAKEN as REQUEST_UUID_TAKEN
from maillage.counter.services import record_request_once
from maillage.network.enums import ProcedureDomain
from maillage.network.models import OutreachStop, Partner
from maillage.outreach.enums import AttemptResult
from maillage.outreach.models import MAX_ATTEMPT_MINUTES, UUID_TAKEN, Campaign, ContactAttempt
from maillage.outreach.terrain import places_for
from maillage.territory.models import Commune

if TYPE_CHECKING:
    from maillage.accounts.models import User

logger = logging.getLogger(__name__)

MAX_RECORDS = 200  # the page sends its queue by batches of 50
MAX_AGE = dt.timedelta(days=30)  # an older record is refused: a phone forgotten in a drawer, or a clock far off
FUTURE_MARGIN = dt.timedelta(minutes=5)
STORED, ALREADY_STORED, REJECTED = "stored", "already_stored", "rejected"

# Never sent by the page: a record carrying one of these is refused (no person file offline).
IDENTITY_FIELDS = frozenset(
    {"first_name", "last_name", "name", "birth_date", "phone", "email", "address", "note", "person"}
    | {"partner_numbers", "firstname", "lastname", "surname", "birthdate", "nir", "comment"}
)
COMMON_FIELDS = {"uuid", "kind", "recorded_at", "campaign", "stop", "duration_minutes"}
REQUEST_FIELDS = COMMON_FIELDS | {"place", "partner", "procedure", "domain", "channel"}
ATTEMPT_FIELDS = COMMON_FIELDS | {"commune", "result"}

BAD_BODY = "Envoi incomplet ou illisible : rien n'a été enregistré, le téléphone garde ses enregistrements."
BAD_SENT_AT = "Envoi refusé : l'heure d'envoi du téléphone (sent_at) manque ou est illisible. Rien n'a été enregistré."
TOO_MANY = f"Envoi refusé : {MAX_RECORDS} enregistrements au plus par envoi. Rien n'a été enregistré."
IDENTITY = "Refusé : un enregistrement hors ligne ne contient aucune donnée d'identité ({fields})."
FUTURE = "La date de cet enregistrement est dans le futur, même après correction de l'horloge du téléphone."
TOO_OLD = "Cet enregistrement date de plus de 30 jours : saisissez-le à l'accueil si besoin."
NO_PLACE = "Ce lieu n'est plus parmi les vôtres (accès retiré ou lieu supprimé)."
NO_CAMPAIGN = "Cette campagne n'existe plus ou n'est pas celle de vos structures."
OTHER_STRUCTURE = "Cette campagne est celle d'une autre structure que le lieu choisi."
OUTSIDE_DATES = (
    "La campagne se déroule du {start:%d/%m/%Y} au {end:%d/%m/%Y} : la date de l'enregistrement est en dehors."
)
NO_STOP = "Cette étape n'existe plus ou n'appartient pas à ce lieu."


class BadBatch(Exception):
    """The whole body is refused (400): nothing is stored."""


@dataclass(frozen=True)
class Outcome:
    uuid: str
    status: str
    reason: str = ""

    def as_json(self) -> dict[str, str]:
        return {"uuid": self.uuid, "status": self.status, **({"reason": self.reason} if self.reason else {})}


class Rejected(Exception):
    pass


def parse_batch(body: bytes) -> tuple[dt.datetime, list[Any]]:
    """The phone's clock and its records; `BadBatch` (French) for a truncated or malformed body."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadBatch(BAD_BODY) from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise BadBatch(BAD_BODY)
    sent_at = _datetime(data.get("sent_at"))
    if sent_at is None:
        raise BadBatch(BAD_SENT_AT)
    if len(data["records"]) > MAX_RECORDS:
        raise BadBatch(TOO_MANY)
    return sent_at, data["records"]


def store_batch(user: User, sent_at: dt.datetime, records: list[Any]) -> list[Outcome]:
    now = timezone.now()
    skew = now - sent_at
    outcomes = [_store_one(user, record, skew, now) for record in records]
    counts = {status: sum(o.status == status for o in outcomes) for status in (STORED, ALREADY_STORED, REJECTED)}
    logger.info("offline batch from user %s: skew %ss, %s", user.pk, int(skew.total_seconds()), counts)
    return outcomes


def _store_one(user: User, record: Any, skew: dt.timedelta, now: dt.datetime) -> Outcome:
    key = str(record.get("uuid", ""))[:64] if isinstance(record, dict) else ""  # echoed back: the phone's own uuid
    try:
        if not isinstance(record, dict):
            raise Rejected("Enregistrement illisible.")
        client_uuid = _uuid(record.get("uuid"))
        identity = sorted(IDENTITY_FIELDS & set(record))
        if identity:
            raise Rejected(IDENTITY.format(fields=", ".join(identity)))
        kind = record.get("kind")
        if kind not in ("request", "attempt"):
            raise Rejected("Type d'enregistrement inconnu : « demande » ou « contact » attendu.")
        unknown = sorted(set(record) - (REQUEST_FIELDS if kind == "request" else ATTEMPT_FIELDS))
        if unknown:
            raise Rejected(f"Champs inconnus : {', '.join(unknown)}.")
        replay = _replay(kind, client_uuid, user, record)
        if replay is not None:
            return Outcome(key, ALREADY_STORED) if replay else Outcome(key, REJECTED, _taken(kind))
        occurred_at = _corrected(record.get("recorded_at"), skew, now)
        with transaction.atomic():  # a savepoint: a refused record leaves nothing behind
            created = (_request if kind == "request" else _attempt)(user, record, client_uuid, occurred_at)
    except Rejected as exc:
        return Outcome(key, REJECTED, str(exc))
    except ValidationError as exc:
        return Outcome(key, REJECTED, " ".join(exc.messages))
    return Outcome(key, STORED if created else ALREADY_STORED)


def _taken(kind: str) -> str:
    return REQUEST_UUID_TAKEN if kind == "request" else UUID_TAKEN


def _replay(kind: str, client_uuid: uuid.UUID, user: User, record: dict[str, Any]) -> bool | None:
    """None: never seen; True: the same record stored before (a replayed queue); False: a uuid taken elsewhere.

    Checked before anything else, so a replay after the catalogue or the campaign changed is still
    acknowledged and leaves the phone's queue."""
    if kind == "request":
        stored = Request.objects.filter(client_uuid=client_uuid).values("mediator_id", "place__uuid").first()
        if stored is None:
            return None
        return stored["mediator_id"] == user.pk and str(stored["place__uuid"]) == str(record.get("place"))
    attempt = ContactAttempt.objects.filter(client_uuid=client_uuid).values("mediator_id", "campaign__uuid").first()
    if attempt is None:
        return None
    return attempt["mediator_id"] == user.pk and str(attempt["campaign__uuid"]) == str(record.get("campaign"))


def _request(user: User, record: dict[str, Any], client_uuid: uuid.UUID, occurred_at: dt.datetime) -> bool:
    place = places_for(user).filter(uuid=_key(record.get("place"))).first()
    if place is None:
        raise Rejected(NO_PLACE)
    stop = _stop(record.get("stop"), place_id=place.pk)
    procedure = _procedure(record.get("procedure"))
    partner = _partner(record.get("partner"), place) or (procedure.partner if procedure else None)
    domain = procedure.domain if procedure else str(record.get("domain") or "")
    if domain not in ProcedureDomain.values:
        raise Rejected("Choisissez une démarche ou un domaine.")
    channel = str(record.get("channel") or (Channel.OUTREACH_STOP if stop else Channel.HOME_VISIT))
    if channel not in Channel.values:
        raise Rejected("Canal inconnu.")
    campaign = _campaign(user, record.get("campaign"), occurred_at, required=False)
    if campaign is not None and campaign.structure_id != place.structure_id:
        raise Rejected(OTHER_STRUCTURE)
    _, created = record_request_once(
        client_uuid=client_uuid,
        mediator=user,
        place=place,
        stop=stop,
        partner=partner,
        procedure=procedure,
        domain=domain,
        channel=channel,
        campaign=campaign,
        occurred_at=occurred_at,
        duration_minutes=_minutes(record.get("duration_minutes"), low=1, high=MAX_DURATION_MINUTES),
    )
    return created


def _attempt(user: User, record: dict[str, Any], client_uuid: uuid.UUID, occurred_at: dt.datetime) -> bool:
    campaign = _campaign(user, record.get("campaign"), occurred_at, required=True)
    assert campaign is not None
    stop = None
    if record.get("stop") not in (None, ""):
        stop = OutreachStop.objects.filter(
            pk=_int(record.get("stop")), place__structure_id=campaign.structure_id
        ).first()
        if stop is None:
            raise Rejected("Cette étape n'existe plus ou appartient à une autre structure.")
    code = str(record.get("commune") or "").strip()
    commune = Commune.objects.filter(code=code).first() if code else None  # the exact code, never a prefix
    if code and commune is None:
        raise Rejected(f"Commune inconnue : code INSEE « {code[:10]} ».")
    if commune is None and stop is None:
        raise Rejected("Indiquez la commune du contact (code INSEE connu) ou une étape.")
    result = record.get("result")
    if result not in AttemptResult.values:
        raise Rejected("Résultat du contact inconnu.")
    attempt = ContactAttempt.record(
        campaign=campaign,
        mediator=user,
        commune=commune,
        stop=stop,
        result=str(result),
        occurred_at=occurred_at,
        duration_minutes=_minutes(record.get("duration_minutes"), low=0, high=MAX_ATTEMPT_MINUTES),
        client_uuid=client_uuid,
    )
    return attempt.created_now


def _campaign(user: User, value: Any, occurred_at: dt.datetime, *, required: bool) -> Campaign | None:
    if value in (None, ""):
        if required:
            raise Rejected("Choisissez la campagne du contact.")
        return None
    campaign = Campaign.objects.for_user(user).filter(uuid=_key(value)).first()
    if campaign is None:
        raise Rejected(NO_CAMPAIGN)
    if not campaign.is_active_on(timezone.localdate(occurred_at)):
        raise Rejected(OUTSIDE_DATES.format(start=campaign.starts_on, end=campaign.ends_on))
    return campaign


def _stop(value: Any, *, place_id: int) -> OutreachStop | None:
    if value in (None, ""):
        return None
    stop = OutreachStop.objects.filter(pk=_int(value), place_id=place_id).first()
    if stop is None:
        raise Rejected(NO_STOP)
    return stop


def _procedure(value: Any) -> Procedure | None:
    if value in (None, ""):
        return None
    procedure = Procedure.objects.select_related("partner").filter(code=str(value)).first()
    if procedure is None:
        raise Rejected(f"La démarche « {str(value)[:60]} » n'existe plus dans le catalogue.")
    if not procedure.is_active:
        raise Rejected(f"La démarche « {procedure.name} » a été retirée du catalogue.")
    return procedure


def _partner(value: Any, place: Any) -> Partner | None:
    if value in (None, ""):
        return None
    partner = Partner.objects.filter(code=str(value)).first()
    if partner is None:
        raise Rejected(f"Le partenaire « {str(value)[:40]} » n'existe plus dans le catalogue.")
    if not partner.is_active:
        raise Rejected(f"Le partenaire « {partner.name} » n'est plus actif.")
    offered = place.partners.all()
    if offered.exists() and not offered.filter(pk=partner.pk).exists():
        raise Rejected(f"Ce lieu ne traite plus les démarches de « {partner.name} ».")
    return partner


def _corrected(value: Any, skew: dt.timedelta, now: dt.datetime) -> dt.datetime:
    recorded_at = _datetime(value)
    if recorded_at is None:
        raise Rejected("Date de l'enregistrement illisible.")
    occurred_at = recorded_at + skew
    if occurred_at > now + FUTURE_MARGIN:
        raise Rejected(FUTURE)
    if occurred_at < now - MAX_AGE:
        raise Rejected(TOO_OLD)
    return occurred_at


def _datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or timezone.is_naive(parsed):
        return None  # the phone sends UTC ("…Z"): a time without its offset cannot be placed
    return parsed


def _uuid(value: Any) -> uuid.UUID:
    found = _uuid_or_none(value)
    if found is None:
        raise Rejected("Identifiant d'enregistrement illisible.")
    return found


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _key(value: Any) -> str:
    """A uuid to look up, or one nothing has (a malformed value finds nothing)."""
    found = _uuid_or_none(value)
    return str(found) if found else "00000000-0000-0000-0000-000000000000"


def _int(value: Any) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) < 10:
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def _minutes(value: Any, *, low: int, high: int) -> int:
    minutes = _int(value)
    if not low <= minutes <= high:
        raise Rejected(f"La durée va de {low} à {high} minutes.")
    return minutes
