"""A mediator screens a demo person's rights, follows one to "opened", and the manager's report and
indicators count it (issue #14's journey), against the demo server and our OpenFisca service."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in

pytestmark = pytest.mark.browser


def _opened_in_report(page: Any, base: str) -> int:
    """The manager's activity report of this year: rights opened, whole structure."""
    year = timezone.localdate().year
    page.goto(base + "/pilotage/")
    page.get_by_label("Période").fill(f"{year}-01-01:{timezone.localdate().isoformat()}")
    with page.expect_navigation():  # the report of the period, not the page before it
        page.get_by_role("button", name="Afficher le rapport").click()
    table = page.locator("#tableau-rights_total table")
    heads = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    cells = [text.strip() for text in table.locator("tbody tr").first.locator("th, td").all_inner_texts()]
    return int(cells[heads.index("Ouverts")])


def _opened_indicator(page: Any, base: str) -> int:
    """Rights opened in the indicators' default period (the numerator of "Droits ouverts")."""
    page.goto(base + "/pilotage/indicateurs/")
    basis = page.locator("[data-indicator=rights_opened] [data-basis]").first.inner_text()
    return int(re.sub(r"\D", "", basis.split("sur")[0]))


def test_a_mediator_screens_follows_a_right_to_opened_and_the_figures_count_it(
    demo_server: str, demo_openfisca: str, browser: Any, tmp_path: Path
) -> None:
    manager = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    _sign_in(manager, demo_server, "responsable@demo.maillage.fr")
    _second_factor(manager)
    opened_before = _opened_in_report(manager, demo_server)
    indicator_before = _opened_indicator(manager, demo_server)

    page = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900})
    page = page.new_page()
    page.set_default_timeout(30_000)
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.wait_for_url(re.compile(r"/accueil/"))
    page.goto(demo_server + "/accueil/dossiers/")
    page.locator("#id_first_name").fill("Karim")
    page.locator("#id_last_name").fill("Benali")
    page.get_by_label("Date de naissance").fill("1990-06-14")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Karim Benali").click()
    page.get_by_role("link", name="Calculer les droits").click()

    assert page.get_by_label("Âge de la personne").input_value() != ""  # prefilled from the birth date
    page.locator("label[for=id_consent_0]").click()
    page.get_by_label("Logement", exact=True).select_option("tenant")
    page.get_by_label("Loyer mensuel hors charges (€)").fill("450")
    page.get_by_role("button", name="Calculer les droits").click()

    page.wait_for_url(re.compile(r"/droits/calculs/"))
    page.screenshot(path=str(tmp_path / "droits-calcules.png"), full_page=True)
    rsa = page.locator("tr", has=page.get_by_role("rowheader", name="RSA"))
    assert "probable" in rsa.inner_text().lower()
    assert re.search(r"\d+,\d\d € par mois", rsa.inner_text())
    assert "Suivi : identifié" in rsa.inner_text()
    assert "OpenFisca-France" in page.inner_text("main")

    page.get_by_role("link", name="Retour au dossier").click()
    page.get_by_role("link", name="Dossier déposé : RSA").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Ouvert : RSA").click()
    assert page.get_by_label("Montant obtenu").input_value() != ""  # the screening's amount, to confirm
    page.get_by_label("Montant obtenu").fill("598.20")
    page.get_by_role("button", name="Enregistrer").click()
    row = page.locator("#droits ~ div table tr", has_text="RSA")
    assert "Ouvert" in row.inner_text()
    assert "598,20 €" in row.inner_text()
    page.screenshot(path=str(tmp_path / "dossier-droit-ouvert.png"), full_page=True)

    assert _opened_in_report(manager, demo_server) == opened_before + 1
    assert _opened_indicator(manager, demo_server) == indicator_before + 1
    manager.screenshot(path=str(tmp_path / "indicateurs.png"), full_page=True)
