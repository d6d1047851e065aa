"""A morning at a place (issue #15's journey): three tickets, one sent to an appointment, two served and
recorded at the counter while the waiting-room screen follows; a digital-skills check leads to a
workshop seat; a voucher is redeemed; the manager's report then shows waits, workshops and vouchers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in, follow_menu
from maillage.tests.browser.test_workshops_browser import _answer_check

pytestmark = pytest.mark.browser


def _report_cell(page: Any, base: str, table: str, column: str) -> str:
    """One cell of the "ensemble" row of a table of the manager's report for this year to date."""
    today = timezone.localdate()
    page.goto(base + "/pilotage/")
    page.get_by_label("Période").fill(f"{today.year}-01-01:{today.isoformat()}")
    with page.expect_navigation():  # the report of the period, not the page before it
        page.get_by_role("button", name="Afficher le rapport").click()
    found = page.locator(f"#tableau-{table} table")
    if not found.count():
        return ""
    heads = [text.strip() for text in found.locator("thead th").all_inner_texts()]
    cells = [text.strip() for text in found.locator("tbody tr").first.locator("th, td").all_inner_texts()]
    return cells[heads.index(column)]


def _give_ticket(page: Any, queue_url: str) -> str:
    page.goto(queue_url)
    page.get_by_role("link", name="Donner un ticket").click()
    page.locator("label", has_text="Comprendre un courrier").click()  # DSFR radios: the label takes the click
    page.get_by_role("button", name="Donner un ticket").click()
    return str(page.locator(".ticket-last .ticket-number").inner_text().strip())


def _serve(page: Any, queue_url: str, number: str, kiosk: Any) -> None:
    page.goto(queue_url)
    page.get_by_role("button", name=f"Appeler le {number}", exact=True).click()
    kiosk.locator(".ticket-screen__current .ticket-number").filter(has_text=number).wait_for(timeout=25_000)
    page.get_by_role("button", name=f"Recevoir le {number}", exact=True).click()
    page.wait_for_url(re.compile(r"/accueil/\?ticket="))
    page.keyboard.press("1")  # the counter's first shortcut records the request
    page.wait_for_url(re.compile(r"/guichet/lieux/"))  # recorded: the ticket ends, back to the queue


def test_a_morning_at_a_place_ends_in_the_report(demo_server: str, browser: Any, tmp_path: Path) -> None:
    manager = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    _sign_in(manager, demo_server, "responsable@demo.maillage.fr")
    _second_factor(manager)
    visits_before = int(_report_cell(manager, demo_server, "waiting_total", "Passages") or 0)
    redeemed_before = int(_report_cell(manager, demo_server, "vouchers_total", "Bons utilisés") or 0)

    page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    page.set_default_timeout(30_000)
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.wait_for_url(lambda url: "/compte/" not in url)
    follow_menu(page, "File d'attente")
    page.locator("main a.fr-link").first.click()
    page.wait_for_url(re.compile(r"/guichet/lieux/[0-9a-f-]+/$"))
    queue_url = page.url
    screen = page.get_by_role("link", name=re.compile("Écran de la salle d'attente")).get_attribute("href")
    kiosk = browser.new_context(locale="fr-FR").new_page()  # the waiting room's screen: no account
    kiosk.goto(demo_server + screen)

    first, second, third = (_give_ticket(page, queue_url) for _ in range(3))
    assert len({first, second, third}) == 3

    page.goto(queue_url)
    page.get_by_role("link", name=f"Réorienter le {first}", exact=True).click()
    page.locator("label", has_text="Vers un rendez-vous").click()
    page.get_by_label("Motif").select_option(label="Il manque un document")
    page.get_by_role("button", name="Réorienter").click()
    assert page.get_by_role("button", name=f"Appeler le {first}", exact=True).count() == 0

    _serve(page, queue_url, second, kiosk)
    _serve(page, queue_url, third, kiosk)
    kiosk.screenshot(path=str(tmp_path / "ecran.png"), full_page=True)
    page.screenshot(path=str(tmp_path / "file.png"), full_page=True)

    follow_menu(page, "Ateliers")
    page.get_by_role("link", name="Diagnostic numérique").click()
    _answer_check(page, {"basic": "Fait seul", "everyday": "Fait avec aide", "advanced": "Pas fait"})
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    proposals = page.get_by_role("table", name=re.compile("^Ateliers du niveau Perfectionnement"))
    proposals.locator("tbody tr").first.get_by_role("button", name=re.compile("^Inscrire")).click()
    page.get_by_text(re.compile("Inscription enregistrée à l'atelier")).wait_for()

    page.goto(demo_server + "/bons/emettre/")
    page.get_by_label("Série").select_option(label="Pass numérique — Rhône (10,00\u00a0€)")
    page.get_by_role("button", name="Émettre le bon").click()
    code = page.locator(".voucher-code").inner_text().strip()
    page.goto(demo_server + "/bons/utiliser/")
    page.get_by_label("Code du bon").fill(code)
    page.get_by_role("button", name="Utiliser le bon").click()
    page.get_by_text(re.compile(r"Bon PN69 .* utilisé")).wait_for()  # waits for the answer page

    assert int(_report_cell(manager, demo_server, "waiting_total", "Passages")) == visits_before + 2
    assert int(_report_cell(manager, demo_server, "vouchers_total", "Bons utilisés")) == redeemed_before + 1
    assert _report_cell(manager, demo_server, "workshops_total", "Ateliers tenus") != ""
    manager.screenshot(path=str(tmp_path / "rapport.png"), full_page=True)
