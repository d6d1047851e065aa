"""Who reads which report, and the shared links (signed, expiring, revocable)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from maillage.factories import sign_in
from maillage.reports.models import ReportLink
from maillage.reports.tests.helpers import seed

REPORT = "/pilotage/"


def _get(client: Client, **params: str) -> Any:
    return client.get(REPORT, params)


def _errors(response: Any) -> str:
    return " ".join(
        re.findall(r'class="fr-(?:error-text|message fr-message--error)"[^>]*>([^<]+)', response.content.decode())
    )


@pytest.mark.parametrize(
    ("role", "scope", "allowed"),
    [
        ("mediator_a", "structure:a", True),
        ("mediator_a", "structure:b", False),
        ("manager_a", "place:a", True),
        ("manager_a", "place:b", False),
        ("manager_a", "network:a", False),
        ("manager_b", "structure:a", False),
        ("coordinator_a", "network:a", True),
        ("coordinator_a", "network:b", False),
        ("coordinator_a", "structure:b", False),
        ("admin", "network:b", True),
    ],
)
def test_report_scope_matrix(cast: Any, role: str, scope: str, allowed: bool) -> None:
    kind, side = scope.split(":")
    target = getattr(cast, f"{kind}_{side}")
    client = Client()
    sign_in(client, getattr(cast, role))
    response = _get(client, scope=f"{kind}:{target.uuid}", period="2025")
    assert response.status_code == 200
    body = response.content.decode()
    if allowed:
        assert 'id="tableau-summary"' in body, _errors(response)
    else:
        assert 'id="tableau-summary"' not in body
        assert "Sélectionnez un choix valide" in body or "hors de votre périmètre" in body


def test_scopes_are_named_by_uuid_not_by_sequential_id(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.coordinator_a)
    body = client.get(REPORT).content.decode()
    assert f'value="network:{cast.network_a.uuid}"' in body
    assert f'value="structure:{cast.structure_a.uuid}"' in body
    assert f'value="place:{cast.place_a.uuid}"' in body
    assert f'value="structure:{cast.structure_a.pk}"' not in body
    refused = _get(client, scope=f"structure:{cast.structure_a.pk}", period="2025").content.decode()
    assert 'id="tableau-summary"' not in refused
    assert "Sélectionnez un choix valide" in refused


def test_partner_viewer_reads_only_its_partner_masked(cast: Any) -> None:
    seed(cast, visits=40)
    client = Client()
    sign_in(client, cast.partner_viewer)
    page = client.get(REPORT)
    assert 'name="scope"' not in page.content.decode()
    assert 'name="partner"' not in page.content.decode()
    response = _get(client, period="2025", scope=f"structure:{cast.structure_b.uuid}", partner="cpam")
    body = response.content.decode()
    assert escape(cast.partner.name) in body
    assert "&lt; 5" in body
    assert "CPAM" not in body
    assert "Structure B" not in body
    download = _get(client, period="2025", format="csv").content.decode("utf-8-sig")
    assert "CPAM" not in download
    assert "Structure B" not in download
    assert "< 5" in download


def test_bad_period_is_a_form_error_not_a_server_error(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    response = _get(client, scope=f"structure:{cast.structure_a.uuid}", period="2025-06-30:2025-01-01")
    assert response.status_code == 200
    assert "avant de commencer" in _errors(response)
    assert _get(client, scope=f"structure:{cast.structure_a.uuid}", period="2025", partner="inconnu").status_code == 200


def test_empty_period_shows_an_empty_state(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    body = _get(client, scope=f"structure:{cast.structure_a.uuid}", period="2019").content.decode()
    assert "Aucune demande enregistrée sur cette période" in body


def _share(client: Client, cast: Any, **extra: Any) -> tuple[ReportLink, str]:
    data = {
        "scope": f"structure:{cast.structure_a.uuid}",
        "period": "2025",
        "label": "CAF du Rhône",
        "days": 30,
    } | extra
    assert client.post(reverse("reports:link_create"), data).status_code == 302
    link = ReportLink.objects.latest("created_at")
    page = client.get(reverse("reports:links")).content.decode()
    url = re.search(r'value="http://testserver(/pilotage/partage/[^"]+)"', page)
    assert url
    return link, url.group(1)


def test_shared_link_is_read_only_masked_and_revocable(cast: Any) -> None:
    seed(cast, visits=40)
    client = Client()
    sign_in(client, cast.manager_a)
    link, url = _share(client, cast)
    anonymous = Client()
    response = anonymous.get(url)
    assert response.status_code == 200
    assert "&lt; 5" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert anonymous.get(url, {"format": "csv"}).status_code == 200
    tampered = url[:-3] + ("x" if url[-3] != "x" else "y") + url[-2:]
    assert anonymous.get(tampered).status_code == 410
    other = Client()
    sign_in(other, cast.manager_b)
    assert other.post(reverse("reports:link_revoke", args=[link.uuid])).status_code == 404
    client.post(reverse("reports:link_revoke", args=[link.uuid]))
    gone = anonymous.get(url)
    assert gone.status_code == 410
    assert "désactivé" in gone.content.decode()


def test_expired_link_says_so(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    link, url = _share(client, cast)
    now = timezone.now()
    ReportLink.objects.filter(pk=link.pk).update(
        created_at=now - dt.timedelta(days=31), expires_at=now - dt.timedelta(days=1)
    )
    response = Client().get(url)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()


def test_link_stops_when_its_author_loses_access(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    _, url = _share(client, cast)
    cast.manager_a.memberships.all().delete()
    assert Client().get(url).status_code == 410


def test_anonymous_is_sent_to_login_except_on_shared_links(cast: Any) -> None:
    client = Client()
    for name in ("report", "links"):
        response = client.get(reverse(f"reports:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
    assert client.post(reverse("reports:link_create")).status_code == 302


CHECKED = {"report", "links", "link_create", "link_revoke", "shared"}
CHECKED |= {"chart", "export", "export_status", "export_file"}  # test_report_charts, test_background_exports


def test_every_reports_url_is_covered_here() -> None:
    """A new reports URL must get its access tests (then be added to CHECKED)."""
    from django.urls import get_resolver

    namespace = get_resolver().namespace_dict["reports"][1]
    names = {p.name for p in namespace.url_patterns}
    tokens = {"tokens", "token_create", "token_revoke"}  # access tested in test_api_tokens_pages.py
    assert names - {"indicators"} - tokens <= CHECKED, names - CHECKED


def test_report_page_query_count_is_bounded(cast: Any, django_assert_max_num_queries: Any) -> None:
    seed(cast, visits=20)
    client = Client()
    sign_in(client, cast.coordinator_a)
    with django_assert_max_num_queries(95):
        assert _get(client, scope=f"network:{cast.network_a.uuid}", period="2025").status_code == 200
