"""The report page's charts: images of their own URL, drawn once and kept in the shared cache."""

from __future__ import annotations

import re
from typing import Any

from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.reports.chart_cache import cache_key
from maillage.reports.tests.helpers import seed, when

CHART = re.compile(r'<img class="report-chart" src="(/pilotage/graphique/([^"/]+)\.svg)"')


def _page(client: Client, cast: Any) -> str:
    params = {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025"}
    return client.get(reverse("reports:report"), params).content.decode()


def _manager(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def test_charts_are_images_of_their_own_url_drawn_once(cast: Any) -> None:
    seed(cast, visits=40)
    client = _manager(cast)
    page = _page(client, cast)
    charts = CHART.findall(page)
    assert len(charts) >= 3
    assert "data:image/svg" not in page  # the page no longer carries the drawings
    url, token = charts[0]
    assert caches["shared"].get(cache_key(token)) is None  # not drawn by the page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith((b"<?xml", b"<svg"))
    assert caches["shared"].get(cache_key(token)) == response.content.decode()  # drawn once, then kept
    assert CHART.findall(_page(client, cast)) == charts  # same figures, same charts


def test_new_figures_give_a_new_chart_never_a_stale_one(cast: Any) -> None:
    seed(cast, visits=40)
    client = _manager(cast)
    before = {url for url, _ in CHART.findall(_page(client, cast))}
    for url in before:
        client.get(url)
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        occurred_at=when(2025, 6, 2),
        channel="walk_in",
        help_level="information",
        outcome="resolved",
    )
    after = {url for url, _ in CHART.findall(_page(client, cast))}
    assert after - before, "a chart whose figures changed gets another address"
    for url in after - before:
        assert client.get(url).status_code == 200


def test_shared_report_charts_load_without_an_account(cast: Any) -> None:
    seed(cast, visits=40)
    client = _manager(cast)
    data = {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025", "label": "CAF", "days": 30}
    client.post(reverse("reports:link_create"), data)
    links = client.get(reverse("reports:links")).content.decode()
    shared = re.search(r'value="http://testserver(/pilotage/partage/[^"]+)"', links)
    assert shared
    anonymous = Client()
    charts = CHART.findall(anonymous.get(shared.group(1)).content.decode())
    assert charts
    assert anonymous.get(charts[0][0]).status_code == 200


def test_a_forged_chart_address_is_not_found(cast: Any) -> None:
    seed(cast, visits=40)
    client = _manager(cast)
    token = CHART.findall(_page(client, cast))[0][1]
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.get(reverse("reports:chart", args=[forged])).status_code == 404
    assert client.get(reverse("reports:chart", args=["x" * 40])).status_code == 404
