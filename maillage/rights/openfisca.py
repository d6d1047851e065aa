"""The client of our OpenFisca-France service (`openfisca_service/`): screen households for rights.

One POST carries every household (the service computes them in one simulation). When the service
is down, slow or answers nonsense, `ScreeningUnavailable` carries a French message for the page:
nothing else in the app depends on the service being up.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from decimal import Decimal
from typing import Any

from django.conf import settings

from maillage.rights.screening_types import RIGHT_LABELS, AmountPeriod, Household, RightOutcome, ScreeningResult, Status

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Right → (the service's variable, amount period).
VARIABLES: dict[str, tuple[str, AmountPeriod]] = {
    "rsa": ("rsa", "month"),
    "prime_activite": ("ppa", "month"),
    "apl": ("aide_logement", "month"),
    "cheque_energie": ("cheque_energie", "year"),
    "aspa": ("aspa", "month"),
    "aah": ("aah", "month"),
}
CSS_VARIABLES = ("cmu_c", "css_participation_forfaitaire")
UNAVAILABLE = "Le calcul des droits (OpenFisca) est indisponible pour le moment"


class ScreeningUnavailable(Exception):
    """The service cannot answer now; the message is French and meant for the mediator."""


def screen(households: list[Household], *, period: str, timeout: float | None = None) -> list[ScreeningResult]:
    """Each household's rights for the month `period` (YYYY-MM), in the order given."""
    if not PERIOD.match(period):
        raise ValueError(f"period {period!r}: YYYY-MM expected")
    if not households:
        return []
    answer = post(
        "/compute", {"period": period, "households": [household.as_json() for household in households]}, timeout
    )
    try:
        version = str(answer["openfisca_france_version"])
        computed = answer["households"]
        if len(computed) != len(households):
            raise ValueError("household count")
    except (KeyError, TypeError, ValueError):
        raise ScreeningUnavailable(f"{UNAVAILABLE} : réponse du service illisible.") from None
    return [
        ScreeningResult(
            household=household, period=period, openfisca_version=version, rights=outcomes(household, values)
        )
        for household, values in zip(households, computed, strict=True)
    ]


def service_version(timeout: float | None = None) -> str:
    """The running service's openfisca-france version (its health check)."""
    return str(request("GET", "/health", None, timeout).get("openfisca_france_version", ""))


def outcomes(household: Household, computed: dict[str, Any]) -> dict[str, RightOutcome]:
    amounts = computed.get("amounts") or {}
    errors = computed.get("errors") or {}
    failed = bool(computed.get("error"))
    result = {}
    for right in RIGHT_LABELS:
        names = CSS_VARIABLES if right == "css" else (VARIABLES[right][0],)
        missing = tuple(household.missing_for(right))
        if missing:
            detail = "Manque : " + ", ".join(missing) + "."
            result[right] = RightOutcome(right, "to_check", missing=missing, detail=detail)
        elif failed or any(name in errors or name not in amounts for name in names):
            result[right] = RightOutcome(right, "not_computable", detail="OpenFisca ne sait pas calculer ce cas.")
        elif right == "css":
            result[right] = css_outcome(amounts)
        else:
            amount = Decimal(str(amounts[names[0]])).quantize(Decimal("0.01"))
            period = VARIABLES[right][1]
            status: Status = "probable" if amount > 0 else "not_eligible"
            result[right] = RightOutcome(right, status, amount if amount > 0 else None, period)
    return result


def css_outcome(amounts: dict[str, Any]) -> RightOutcome:
    """The complémentaire santé solidaire: free, with a monthly participation, or not probable."""
    if amounts["cmu_c"]:
        return RightOutcome("css", "probable", detail="Sans participation financière.")
    participation = Decimal(str(amounts["css_participation_forfaitaire"])).quantize(Decimal("0.01"))
    if participation > 0:
        amount = str(participation).replace(".", ",")
        return RightOutcome("css", "probable", detail=f"Avec une participation de {amount} € par mois.")
    return RightOutcome("css", "not_eligible")


def post(path: str, payload: dict[str, Any], timeout: float | None) -> dict[str, Any]:
    return request("POST", path, json.dumps(payload).encode(), timeout)


def request(method: str, path: str, body: bytes | None, timeout: float | None) -> dict[str, Any]:
    url = settings.OPENFISCA_URL.rstrip("/") + path
    headers = {"Content-Type": "application/json"} if body is not None else {}
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 - our own URL
    seconds = float(timeout if timeout is not None else settings.OPENFISCA_TIMEOUT)
    try:
        with urllib.request.urlopen(prepared, timeout=seconds) as response:  # noqa: S310
            data = json.loads(response.read())
    except TimeoutError:
        raise ScreeningUnavailable(f"{UNAVAILABLE} : le service n'a pas répondu en {seconds:g} secondes.") from None
    except urllib.error.HTTPError as error:
        raise ScreeningUnavailable(f"{UNAVAILABLE} : le service a refusé le calcul (erreur {error.code}).") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise ScreeningUnavailable(f"{UNAVAILABLE} : le service n'a pas répondu en {seconds:g} secondes.") from None
        raise ScreeningUnavailable(f"{UNAVAILABLE} : le service ne répond pas.") from None
    except (ValueError, OSError):
        raise ScreeningUnavailable(f"{UNAVAILABLE} : réponse du service illisible.") from None
    if not isinstance(data, dict):
        raise ScreeningUnavailable(f"{UNAVAILABLE} : réponse du service illisible.")
    return data
