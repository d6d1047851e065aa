"""Partner API: a token reads the report of the page, masked; refusals are French JSON; every call is logged."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.factories import member
from maillage.reports.compute import build_report
from maillage.reports.exports import to_json
from maillage.reports.models import ApiCall, ApiToken
from maillage.reports.period import parse_period
from maillage.reports.scope import partner_scope
from maillage.reports.tests.helpers import seed

URL = "/api/v1/reports/activity"


@pytest.fixture
def seeded(cast: Any) -> dict[str, Any]:
    return seed(cast)


def issue(user: Any, partner: Any, days: int = 90) -> tuple[ApiToken, str]:
    return ApiToken.issue(user=user, partner=partner, name="Tableau de bord CAF", days=days)


def call(plain: str | None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {plain}"} if plain is not None else {}
    return Client().get(URL, params or {"period": "2025"}, headers=headers)


def without_moment(body: bytes) -> dict[str, Any]:
    data = json.loads(body)
    data.pop("generated_at")
    return data


def french_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "field"}
    return str(body["detail"])


def test_token_reads_the_same_report_as_the_partner_page(cast: Any, seeded: Any) -> None:
    _, plain = issue(cast.partner_viewer, cast.partner)
    page = Client()
    page.force_login(cast.partner_viewer)
    for params in ({"period": "2025"}, {"period": "2025-T2"}, {"period": "2025", "budget": "12000", "key": "time"}):
        response = call(plain, **params)
        assert response.status_code == 200, response.content
        downloaded = page.get("/pilotage/", {**params, "format": "json"})
        assert downloaded.status_code == 200
        assert without_moment(response.content) == without_moment(downloaded.content)
    period = parse_period("2025")
    built = build_report(partner_scope(cast.partner, period), period, partner=cast.partner, masked=True)
    assert without_moment(call(plain).content) == without_moment(to_json(built))


def test_report_is_masked_like_the_page(cast: Any, seeded: Any) -> None:
    _, plain = issue(cast.partner_viewer, cast.partner)
    data = call(plain).json()
    assert data["masked"] is True
    assert data["partner"] == "caf"
    assert data["scope"]["kind"] == "partner"
    cells = [value for table in data["tables"] for row in table["rows"] for value in row]
    assert "< 5" in cells


def test_missing_token_is_a_french_401_with_the_bearer_challenge(cast: Any) -> None:
    response = call(None)
    assert "Authorization: Bearer" in french_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer mlg_000000000000_faux", "Bearer n'importe"])
def test_unknown_or_malformed_token_is_a_french_401(cast: Any, header: str) -> None:
    issue(cast.partner_viewer, cast.partner)
    response = Client().get(URL, {"period": "2025"}, headers={"Authorization": header})
    assert french_error(response, 401).startswith("Jeton d'API invalide")


def test_right_key_id_with_a_wrong_secret_is_refused(cast: Any) -> None:
    token, plain = issue(cast.partner_viewer, cast.partner)
    forged = plain[:-4] + ("AAAA" if not plain.endswith("AAAA") else "BBBB")
    assert french_error(call(forged), 401).startswith("Jeton d'API invalide")
    token.refresh_from_db()
    assert token.last_used_at is None


def test_revoked_token_is_refused_with_the_date(cast: Any, seeded: Any) -> None:
    token, plain = issue(cast.partner_viewer, cast.partner)
    assert call(plain).status_code == 200
    token.revoke()
    assert french_error(call(plain), 401).startswith("Ce jeton a été révoqué le")


def test_expired_token_is_refused_with_the_date(cast: Any) -> None:
    token, plain = issue(cast.partner_viewer, cast.partner, days=30)
    long_ago = timezone.now() - dt.timedelta(days=60)
    ApiToken.objects.filter(pk=token.pk).update(created_at=long_ago, expires_at=long_ago + dt.timedelta(days=30))
    assert french_error(call(plain), 401).startswith("Ce jeton a expiré le")


def test_period_is_required_and_read_like_the_page(cast: Any) -> None:
    _, plain = issue(cast.partner_viewer, cast.partner)
    response = Client().get(URL, headers={"Authorization": f"Bearer {plain}"})
    assert french_error(response, 422) == "Paramètre invalide : period (obligatoire)."
    detail = french_error(call(plain, period="l'an dernier"), 400)
    assert detail.startswith("Paramètre invalide : period")
    assert response.json()["field"] == "period"


def test_last_use_is_recorded(cast: Any, seeded: Any) -> None:
    token, plain = issue(cast.partner_viewer, cast.partner)
    assert call(plain).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < dt.timedelta(minutes=1)


def test_rate_limit_is_per_token_and_french(cast: Any, settings: Any) -> None:
    settings.PARTNER_API_RATE_LIMIT = "2/m"
    _, plain = issue(cast.partner_viewer, cast.partner)
    _, other = issue(cast.partner_viewer, cast.partner)
    codes = [call(plain).status_code for _ in range(2)]
    assert codes == [200, 200]
    refused = call(plain)
    assert french_error(refused, 429).startswith("Trop de requêtes avec ce jeton")
    assert int(refused["Retry-After"]) > 0
    assert call(other).status_code == 200


def test_guessing_tokens_is_rate_limited_per_address(cast: Any, settings: Any) -> None:
    settings.API_RATE_LIMIT = "3/m"
    codes = [call("mlg_000000000000_devine").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_every_call_is_logged_with_its_token_and_status(cast: Any, settings: Any) -> None:
    settings.PARTNER_API_RATE_LIMIT = "2/m"
    token, plain = issue(cast.partner_viewer, cast.partner)
    call(plain)
    call(plain, period="2025", scope="structure:1")
    call(plain)
    call(None)
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.token_id, c.status) for c in calls] == [(token.pk, 200), (token.pk, 403), (token.pk, 429), (None, 401)]
    assert calls[1].path == "/api/v1/reports/activity?period=2025&scope=structure%3A1"
    assert all(c.method == "GET" and c.duration_ms >= 0 for c in calls)


def test_calls_log_is_purged_after_its_retention(cast: Any, settings: Any) -> None:
    from maillage.reports.api_log import purge_calls

    settings.PARTNER_API_LOG_RETENTION_DAYS = 30
    call(None)
    ApiCall.objects.create(at=timezone.now() - dt.timedelta(days=31), method="GET", path=URL, status=200, duration_ms=1)
    assert purge_calls() == 1
    assert ApiCall.objects.count() == 1


def test_secret_is_stored_only_as_a_digest(cast: Any) -> None:
    from auditlog.models import LogEntry

    token, plain = issue(cast.partner_viewer, cast.partner)
    secret = plain.rsplit("_", 1)[1]
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(secret in str(value) for value in row.values())
    assert plain not in json.dumps(row, default=str)
    assert all(secret not in json.dumps(entry.changes) for entry in LogEntry.objects.all())


def test_partner_api_is_in_the_openapi_schema_in_french(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports/activity"]["get"]
    assert {"200", "400", "401", "403", "422", "429"} <= set(operation["responses"])
    assert operation["security"] == [{"PartnerToken": []}]
    assert schema["components"]["securitySchemes"]["PartnerToken"]["scheme"] == "bearer"
    names = {p["name"]: p for p in operation["parameters"]}
    assert names["period"]["required"] is True
    assert "trimestre" in names["period"]["description"]


def test_other_roles_tokens_never_open_the_api(cast: Any, seeded: Any) -> None:
    """A token row made by hand for a mediator (the pages refuse to create one) is still refused."""
    _, plain = issue(cast.mediator_a, cast.partner)
    assert french_error(call(plain), 401).startswith("Ce jeton n'est plus valable")
    both = member(Role.PARTNER_VIEWER, partner=cast.partner, totp=False)
    _, mixed = issue(both, cast.partner)
    assert call(mixed).status_code == 200
    both.memberships.create(role=Role.MEDIATOR, structure=cast.structure_a)
    assert french_error(call(mixed), 401).startswith("Ce jeton n'est plus valable")


def test_partner_api_never_answers_with_a_server_error_even_with_a_valid_token(cast: Any, settings: Any) -> None:
    """Schemathesis fills the documented parameters; with a valid token, no answer may be a 5xx."""
    import schemathesis
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings

    settings.PARTNER_API_RATE_LIMIT = settings.API_RATE_LIMIT = "10000/m"
    _, plain = issue(cast.partner_viewer, cast.partner)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operation = schema["/api/v1/reports/activity"]["GET"]

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            response = case.call(headers={"Authorization": f"Bearer {plain}"})
            assert response.status_code < 500, f"{case.formatted_path} {case.query}: {response.text}"
            assert response.status_code in {200, 400, 403, 422}, (case.query, response.text)

        fuzz()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
