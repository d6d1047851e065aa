"""A person answers the counter's satisfaction survey with the keyboard; the manager sees it counted."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in
from maillage.tests.browser.test_directory_browser import AXE

pytestmark = pytest.mark.browser


def _answers_shown(page: Any) -> int:
    found = re.search(r": (\d+) réponses?", page.locator("#synthese").inner_text())
    assert found, page.locator("#synthese").inner_text()
    return int(found[1])


def _serious_accessibility_violations(browser: Any, url: str) -> list[str]:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    page.goto(url)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    context.close()
    return [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def _open_mermoz_survey(manager: Any, base: str) -> None:
    _sign_in(manager, base, "responsable@demo.maillage.fr")
    _second_factor(manager)
    manager.get_by_role("link", name="PIMMS Médiation Lyon Métropole").click()
    manager.get_by_role("link", name="Questionnaires de satisfaction des lieux").click()
    row = manager.locator("tr", has_text="PIMMS Lyon 8e — Mermoz")
    row.get_by_role("link", name=re.compile("^Affiche et QR code")).click()


def test_public_answer_by_keyboard_then_counted_on_the_results_page(demo_server: str, browser: Any) -> None:
    manager = browser.new_context(locale="fr-FR").new_page()
    _open_mermoz_survey(manager, demo_server)
    public_url = manager.locator("#adresse-publique").inner_text().strip()
    assert re.fullmatch(re.escape(demo_server) + r"/enquetes/r/[\w-]{20,}/", public_url), public_url
    manager.wait_for_load_state("load")  # the QR code is an image of its own URL: the load event waits for it
    assert manager.locator("img.poster-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    manager.emulate_media(media="print")
    assert not manager.locator("header").first.is_visible()
    assert not manager.locator(".fr-breadcrumb").is_visible()
    assert manager.locator(".poster").is_visible()
    manager.emulate_media(media="screen")
    manager.get_by_role("link", name="Voir les résultats de ce questionnaire").click()
    before = _answers_shown(manager)
    assert _serious_accessibility_violations(browser, public_url) == []

    context = browser.new_context(locale="fr-FR")
    person = context.new_page()
    console_errors: list[str] = []
    person.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    person.goto(public_url)
    welcome = person.get_by_role("group", name="Avez-vous été bien accueilli(e) ?")
    welcome.get_by_role("radio").first.focus()
    person.keyboard.press("Space")  # 1
    for _ in range(3):
        person.keyboard.press("ArrowDown")  # moves the choice: 2, 3, 4
    person.keyboard.press("Tab")  # next question
    person.keyboard.press("Space")
    for _ in range(4):
        person.keyboard.press("ArrowDown")
    person.keyboard.press("Tab")  # third question left unanswered: go on to the partner question
    person.keyboard.press("Tab")
    person.keyboard.press("Space")
    person.keyboard.press("Tab")
    person.keyboard.type("Merci, accueil très patient.")
    assert welcome.get_by_label("4 — Plutôt satisfait").is_checked()
    clear = person.get_by_role("group", name="Les explications étaient-elles claires ?")
    assert clear.get_by_label("5 — Très satisfait").is_checked()
    person.keyboard.press("Tab")
    person.keyboard.press("Enter")
    person.get_by_role("heading", name="Merci pour votre avis").wait_for()
    assert not console_errors, console_errors
    context.close()

    manager.reload()
    assert _answers_shown(manager) == before + 1
    assert "Merci, accueil très patient." in manager.locator("#remarques ~ ul").inner_text()
    manager.context.close()
