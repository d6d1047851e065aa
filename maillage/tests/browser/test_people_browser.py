"""A manager fills in a mediator's profile (a skill, a training); the mediator proposes a language from
« Mon profil »; the manager accepts it and it appears on the profile."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in, follow_menu

pytestmark = pytest.mark.browser


def _open_profile(page: Any) -> None:
    follow_menu(page, "Équipe")
    page.get_by_role("link", name="Mediateur Démo").click()
    page.wait_for_url(re.compile(r"/equipe/[0-9a-f-]+/$"))


def test_manager_edits_a_profile_and_accepts_a_proposed_language(demo_server: str, browser: Any) -> None:
    manager = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    manager.set_default_timeout(30_000)
    _sign_in(manager, demo_server, "responsable@demo.maillage.fr")
    _second_factor(manager)
    _open_profile(manager)
    assert manager.locator("[data-expired]").count() >= 1  # the demo's expired first-aid training

    manager.get_by_role("link", name="Ajouter une compétence").click()
    manager.get_by_label("Partenaire").select_option(label="CPAM / Assurance maladie")
    manager.get_by_label("Niveau").select_option(label="Référent")
    manager.get_by_label("Date").fill("2025-03-01")
    manager.get_by_role("button", name="Enregistrer").click()
    manager.wait_for_url(re.compile(r"/equipe/[0-9a-f-]+/$"))
    skills = manager.locator("#skill")
    assert "CPAM / Assurance maladie : référent, le 01/03/2025" in skills.inner_text()

    manager.get_by_role("link", name="Ajouter une formation").click()
    manager.get_by_label("Intitulé").fill("Accueillir en langue des signes")
    manager.get_by_label("Organisme").fill("Association des sourds du Rhône")
    manager.get_by_label("Début").fill("2025-05-10")
    manager.get_by_label("Fin").fill("2025-05-05")  # before the start: refused in French
    manager.get_by_role("button", name="Enregistrer").click()
    manager.get_by_text("La formation ne peut pas finir avant de commencer.").wait_for()
    manager.get_by_label("Fin").fill("2025-05-12")
    manager.get_by_role("button", name="Enregistrer").click()
    manager.wait_for_url(re.compile(r"/equipe/[0-9a-f-]+/$"))
    assert (
        "Accueillir en langue des signes, Association des sourds du Rhône" in manager.locator("#training").inner_text()
    )

    mediator = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    mediator.set_default_timeout(30_000)
    _sign_in(mediator, demo_server, "mediateur@demo.maillage.fr")
    mediator.wait_for_url(lambda url: "/compte/" not in url)
    follow_menu(mediator, "Mon profil")
    mediator.wait_for_url(re.compile(r"/equipe/moi/$"))
    assert "Accueillir en langue des signes" in mediator.locator("#training").inner_text()  # the manager's entry
    mediator.get_by_role("link", name="Proposer : langue").click()
    mediator.get_by_label("Langue").select_option(label="Turc")
    mediator.get_by_label("Niveau").select_option(label="Courant")
    mediator.get_by_role("button", name="Envoyer la proposition").click()
    mediator.wait_for_url(re.compile(r"/equipe/moi/$"))
    assert "Langue : Turc (Courant)" in mediator.locator("#propositions").inner_text()

    follow_menu(manager, "Équipe")
    manager.get_by_role("link", name=re.compile("Propositions à examiner")).click()
    card = manager.locator("[data-proposal]", has_text="Turc (Courant)")
    card.get_by_role("button", name="Accepter").click()
    manager.get_by_text("Proposition acceptée : « Turc (Courant) »").wait_for()
    _open_profile(manager)
    assert "Turc (Courant)" in manager.locator("#language").inner_text()

    mediator.reload()
    assert "Turc (Courant)" in mediator.locator("#language").inner_text()
    assert "Turc" not in mediator.locator("#propositions").inner_text()  # only Spanish, from the demo, still waits
