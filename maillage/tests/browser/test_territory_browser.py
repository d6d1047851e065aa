"""A network coordinator studies the coverage of the Loire and asks where to open 3 new places."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from maillage.tests.browser.conftest import MANAGE
from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in, follow_menu

pytestmark = pytest.mark.browser


def test_coordinator_sees_coverage_and_runs_a_siting(demo_server: str, demo_env: dict[str, str], page: Any) -> None:
    errors: list[str] = []  # CSP violations and script errors show up here
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _sign_in(page, demo_server, "coordination@demo.maillage.fr")
    _second_factor(page)
    follow_menu(page, "Territoire")
    page.get_by_label("Département").select_option("42")
    page.get_by_label("Distance").fill("10")
    page.get_by_role("button", name="Calculer la couverture").click()
    share = page.locator("[data-share]")
    assert re.search(r"\d+,\d %", share.inner_text())
    page.wait_for_selector("[data-territory-map][data-markers]")
    markers = int(page.locator("[data-territory-map]").get_attribute("data-markers"))
    assert markers > 300  # the Loire has 323 communes, every one with a centre
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive, .leaflet-overlay-pane canvas").count() > 0

    page.get_by_role("link", name="Implantation de nouveaux lieux").click()
    page.get_by_label("Nombre de nouveaux sites (K)").fill("3")
    page.get_by_role("button", name="Lancer le calcul").click()
    page.wait_for_url(re.compile(r"/territoire/implantation/[0-9a-f-]+/$"))
    assert page.locator("[hx-trigger='every 2s']").count() == 1  # waiting for the worker
    subprocess.run(
        [*MANAGE, "db_worker", "--batch", "--no-startup-delay"], env=demo_env, check=True, capture_output=True
    )
    page.get_by_role("heading", name="3 sites proposés").wait_for()  # the page polled the result
    assert page.locator("tr[data-proposal]").count() == 3
    page.wait_for_selector("[data-territory-map][data-proposal-markers='3']")
    assert "Borne supérieure prouvée" in page.locator("[data-siting-summary]").inner_text()
    assert errors == []
