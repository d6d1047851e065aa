"""A structure manager signs in with a second factor and edits a place's hours in the weekly grid."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from maillage.network.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from maillage.tests.browser.conftest import MANAGE

pytestmark = pytest.mark.browser


_USED_CODES: set[int] = set()


def _second_factor(page: Any) -> None:
    """Type the current TOTP code; a code is accepted once, so wait for a fresh one when it was used."""
    page.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
    counter = int(time.time()) // 30
    if counter in _USED_CODES or time.time() % 30 > 25:  # used already, or about to expire while typed
        time.sleep(30 - time.time() % 30 + 0.5)
        counter = int(time.time()) // 30
    _USED_CODES.add(counter)
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/compte/" not in url)  # the role's own home (back office, pilotage)


def follow_menu(page: Any, label: str) -> None:
    """Follow an entry of the main menu, opening its sub-menu first when the menu is grouped."""
    nav = page.get_by_role("navigation", name="Menu principal")
    link = nav.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        item = nav.locator("li.fr-nav__item", has=page.get_by_role("link", name=label, exact=True, include_hidden=True))
        item.locator("button.fr-nav__btn").click()
    link.click()


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/compte/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_manager_edits_hours_with_the_grid_and_the_public_page_follows(demo_server: str, page: Any) -> None:
    _sign_in(page, demo_server, "responsable@demo.maillage.fr")
    _second_factor(page)
    page.get_by_role("link", name="PIMMS Médiation Lyon Métropole").click()
    page.get_by_role("link", name=re.compile("Modifier PIMMS Lyon 8e")).click()
    sunday = page.get_by_role("group", name="Dimanche")
    times = sunday.locator("input[type=time]")
    times.nth(0).fill("10:00")
    times.nth(1).fill("12:30")
    times.nth(1).dispatch_event("change")
    preview = page.locator("[data-hours-preview]")
    preview.get_by_text(re.compile(r"Su 10:00-12:30")).wait_for()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le lieu a été mis à jour.").wait_for()
    page.goto(demo_server + "/?where=69008")
    with page.expect_navigation():  # the search page has tables too
        page.get_by_role("link", name="PIMMS Lyon 8e — Mermoz").click()
    assert "10 h – 12 h 30" in page.locator("table").first.inner_text().replace("\xa0", " ")


def test_mediator_sees_but_cannot_edit(demo_server: str, page: Any) -> None:
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.wait_for_url(re.compile(r"/accueil/"))  # a mediator lands on the counter
    page.goto(demo_server + "/gestion/")
    page.get_by_role("link", name="PIMMS Médiation Lyon Métropole").click()
    assert page.get_by_role("link", name=re.compile("Modifier PIMMS")).count() == 0
    assert page.get_by_role("link", name="Ajouter un lieu").count() == 0


def test_invitation_travels_through_the_real_task_queue(demo_server: str, demo_env: dict[str, str], page: Any) -> None:
    _sign_in(page, demo_server, "coordination@demo.maillage.fr")
    _second_factor(page)
    assert page.url.endswith("/pilotage/")  # a coordinator lands on the indicators and reports
    page.goto(demo_server + "/gestion/")
    outbox = Path(demo_env["MAILLAGE_VAR_DIR"]) / "mail"
    before = set(outbox.glob("*.log"))
    page.get_by_role("link", name="PIMMS Médiation Villeurbanne").click()
    page.get_by_role("link", name="Inviter un membre").click()
    page.get_by_label("Adresse e-mail").fill("recrue@exemple.fr")
    page.get_by_label("Rôle").select_option("mediator")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Invitation envoyée à recrue@exemple.fr").wait_for()
    assert set(outbox.glob("*.log")) == before, "e-mail sent before the worker ran"
    subprocess.run(
        [*MANAGE, "db_worker", "--batch", "--no-startup-delay"], env=demo_env, check=True, capture_output=True
    )
    mails = "".join(p.read_text() for p in set(outbox.glob("*.log")) - before)
    assert "recrue@exemple.fr" in mails
    link = re.search(r"http://\S+/compte/invitation/\S+/", mails)
    assert link is not None
    page.goto(link.group(0).replace("http://testserver", demo_server))
    assert "Rejoindre PIMMS Médiation Villeurbanne" in page.locator("h1").inner_text()


def test_manager_picks_the_commune_by_name_and_places_the_point_on_the_map(demo_server: str, page: Any) -> None:
    _sign_in(page, demo_server, "responsable@demo.maillage.fr")
    _second_factor(page)
    page.get_by_role("link", name="PIMMS Médiation Lyon Métropole").click()
    page.get_by_role("link", name=re.compile("Modifier PIMMS Lyon 8e")).click()
    commune = page.get_by_role("combobox", name=re.compile("Commune"))
    commune.fill("")
    commune.press_sequentially("Saint-Fo", delay=30)
    page.get_by_role("option", name="Saint-Fons (Rhône, 69190)").click()
    assert page.locator("#id_commune").input_value() == "69199"
    map_box = page.locator("[data-place-map]")
    before = page.locator("#id_lat").input_value()
    map_box.click(position={"x": 220, "y": 160})  # clear of the zoom buttons (top left)
    assert page.locator("#id_lat").input_value() not in ("", before)
    assert map_box.get_attribute("data-point")
    page.get_by_label(re.compile("Code postal")).fill("69190")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le lieu a été mis à jour.").wait_for()
    assert page.locator("#id_commune_text").input_value() == "Saint-Fons (Rhône, 69190)"
