"""A mediator runs the digital-skills check, reads the level and registers the person in one click."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.tests.browser.test_back_office_browser import follow_menu
from maillage.tests.browser.test_counter_browser import _login
from maillage.tests.browser.test_directory_browser import AXE
from maillage.workshops.skills import TASKS

pytestmark = pytest.mark.browser
MEDIATOR = "mediateur@demo.maillage.fr"


def _answer_check(page: Any, by_block: dict[str, str]) -> None:
    page.get_by_label(re.compile("^Lieu du diagnostic")).select_option(index=1)
    for number, task in enumerate(TASKS, start=1):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\. {re.escape(task.label)}"))
        group.locator("label", has_text=re.compile(f"^{by_block[task.block]}$")).click()  # DSFR: the label is on top
        assert group.get_by_label(by_block[task.block], exact=True).is_checked()


def test_a_check_leads_to_a_workshop_of_its_level_in_one_click(demo_server: str, page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, demo_server, MEDIATOR)
    follow_menu(page, "Ateliers")
    page.get_by_role("heading", name="Ateliers collectifs").wait_for()
    page.get_by_role("link", name="Diagnostic numérique").click()
    _answer_check(page, {"basic": "Fait seul", "everyday": "Fait avec aide", "advanced": "Pas fait"})
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    page.get_by_text("Niveau : Perfectionnement").wait_for()
    proposals = page.get_by_role("table", name=re.compile("^Ateliers du niveau Perfectionnement"))
    first = proposals.locator("tbody tr").first
    title = first.locator("td").first.inner_text()
    assert "Perfectionnement" in title or "Tous niveaux" in title
    first.get_by_role("button", name=re.compile("^Inscrire")).click()
    page.get_by_text(re.compile("Inscription enregistrée à l'atelier")).wait_for()
    assert page.get_by_text(re.compile("^Déjà inscrit")).is_visible()
    assert errors == []


def test_the_check_and_workshop_pages_have_no_serious_accessibility_violation(demo_server: str, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    _login(page, demo_server, MEDIATOR)
    found: dict[str, list[str]] = {}
    for path in ("/ateliers/", "/ateliers/diagnostic/", "/ateliers/nouveau/"):
        page.goto(demo_server + path)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found[path] = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    context.close()
    assert found == {path: [] for path in found}
