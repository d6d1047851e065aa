"""A mediator records requests at the counter within the interaction budget, keyboard first."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.network.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
BUDGET = 3  # interactions after opening the screen, for the common case


class Counted:
    """Wraps the page actions a person performs, so the test can count them."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.count += 1
        self.page.keyboard.press(key)

    def click(self, locator: Any) -> None:
        self.count += 1
        locator.click()


def _mine_today(page: Any) -> int:
    match = re.search(r"\((\d+)\)", page.locator("#titre-mes-demandes").inner_text())
    assert match is not None
    return int(match.group(1))


def _login(page: Any, base: str, email: str) -> None:
    page.goto(base + "/compte/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(re.compile(r"/accueil/"))  # a mediator lands on the counter


def test_common_case_is_one_key_press(demo_server: str, page: Any) -> None:
    _login(page, demo_server, "mediateur@demo.maillage.fr")
    page.goto(demo_server + "/accueil/")
    before = _mine_today(page)
    person = Counted(page)
    person.press("1")
    page.get_by_text(re.compile("Demande enregistrée")).wait_for()
    assert person.count <= BUDGET
    assert _mine_today(page) == before + 1


def test_three_requests_for_one_person_then_isolation(demo_server: str, page: Any, browser: Any) -> None:
    _login(page, demo_server, "mediateur@demo.maillage.fr")
    page.goto(demo_server + "/accueil/")
    before = _mine_today(page)
    person = Counted(page)
    person.click(page.get_by_text("La même personne a une autre demande ensuite"))
    for key in ("1", "2", "3"):
        person.press(key)
        page.get_by_text(re.compile("Demande enregistrée")).wait_for()
    assert person.count <= 3 * BUDGET
    assert "3 demandes enregistrées pendant ce passage" in page.locator("#passage").inner_text()
    assert _mine_today(page) == before + 3
    visit_url = page.url
    edit_urls = [
        demo_server + href
        for href in page.locator(".today-list a[href*='/modifier/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    ]
    other = browser.new_context(locale="fr-FR").new_page()
    _login(other, demo_server, "mediateur.villeurbanne@demo.maillage.fr")
    other.goto(visit_url)
    assert "Même personne" not in other.content()
    for url in edit_urls[:3]:
        response = other.goto(url)
        assert response is not None
        assert response.status == 404
    other.context.close()


def test_residence_is_chosen_from_suggestions_and_never_replaced(demo_server: str, page: Any) -> None:
    """Typing "Saint" saved Saint-Étienne once: now the suggestions name Saint-Fons, a partial name
    is refused with its candidates and nothing is recorded, the chosen suggestion is saved, and
    the success message offers "Annuler"."""
    _login(page, demo_server, "mediateur@demo.maillage.fr")
    page.get_by_text("La personne (facultatif, anonyme)").click()
    residence = page.get_by_label(re.compile("Commune de résidence"))
    residence.fill("Saint-Fo")
    options = page.locator("datalist option[value='Saint-Fons (Rhône, 69190)']")
    options.first.wait_for(state="attached")  # the suggestion script asked the server
    before = _mine_today(page)
    residence.fill("Saint")
    page.locator("button[name=shortcut]").first.click()
    page.get_by_text(re.compile("n'est pas le nom complet d'une commune|peut désigner plusieurs communes")).wait_for()
    assert _mine_today(page) == before
    page.get_by_label(re.compile("Commune de résidence")).fill("Saint-Fons (Rhône, 69190)")
    page.locator("button[name=shortcut]").first.click()
    page.get_by_text(re.compile("Demande enregistrée")).wait_for()
    assert _mine_today(page) == before + 1
    assert page.get_by_role("button", name=re.compile("Annuler")).first.is_visible()
