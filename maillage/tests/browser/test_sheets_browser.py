"""A mediator writes a practice sheet and submits it, the manager publishes it, and the mediator sees it
beside the counter form on picking that procedure (on a computer beside the form, on a phone below it)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in
from maillage.tests.browser.test_directory_browser import AXE

pytestmark = pytest.mark.browser
MEDIATOR = "mediateur@demo.maillage.fr"
TITLE = "Passeport : pré-demande et rendez-vous"
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def _csp_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def _write_and_submit(page: Any, base: str) -> None:
    page.goto(base + "/fiches/")
    page.get_by_role("link", name="Écrire une fiche").click()
    page.get_by_label("Démarche").select_option(label="Passeport")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Étapes").fill("Faire la pré-demande sur ants.gouv.fr\nPrendre rendez-vous en mairie")
    page.get_by_label("Documents à apporter").fill("Photo d'identité de moins de 6 mois\nJustificatif de domicile")
    page.get_by_label("Liens utiles").fill("https://ants.gouv.fr ANTS")
    page.get_by_label("À revoir le").fill((timezone.localdate() + dt.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La fiche a été enregistrée.").wait_for()
    page.get_by_role("button", name="Soumettre à relecture").click()
    page.get_by_text("La fiche est soumise à relecture.").wait_for()


def _publish(page: Any, base: str) -> None:
    page.goto(base + "/fiches/?status=submitted")
    page.get_by_role("link", name=TITLE).click()
    page.locator("label", has_text="Publier la fiche").click()  # DSFR radios: the label takes the click
    page.get_by_role("button", name="Valider la relecture").click()
    page.get_by_text("La fiche est publiée.").wait_for()


def test_a_sheet_written_reviewed_and_shown_beside_the_counter_form(demo_server: str, browser: Any) -> None:
    mediator = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    errors = _csp_errors(mediator)
    _sign_in(mediator, demo_server, MEDIATOR)
    mediator.wait_for_url(lambda url: "/compte/" not in url)
    _write_and_submit(mediator, demo_server)

    manager = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    _sign_in(manager, demo_server, "responsable@demo.maillage.fr")
    _second_factor(manager)
    _publish(manager, demo_server)

    mediator.set_viewport_size({"width": 1280, "height": 900})
    mediator.goto(demo_server + "/accueil/")
    aside = mediator.locator("#fiches-demarche")
    assert aside.inner_text().strip() == ""
    mediator.locator("#id_procedure").select_option(label="Passeport")
    aside.get_by_text(TITLE).wait_for()
    assert aside.get_by_text("Photo d'identité de moins de 6 mois").is_visible()
    form, side = mediator.locator("#counter-form").bounding_box(), aside.bounding_box()
    assert side["x"] > form["x"] + form["width"] - 1  # beside the form on a computer
    assert not [e for e in errors if "Content Security Policy" in e], errors
    SHOTS.mkdir(parents=True, exist_ok=True)
    mediator.screenshot(path=str(SHOTS / "sheets-counter-desktop.png"))

    phone = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    _sign_in(phone, demo_server, MEDIATOR)
    phone.wait_for_url(lambda url: "/compte/" not in url)
    phone.goto(demo_server + "/accueil/")
    phone.locator("#id_procedure").select_option(label="Passeport")
    phone_aside = phone.locator("#fiches-demarche")
    phone_aside.get_by_text(TITLE).wait_for()
    form, side = phone.locator("#counter-form").bounding_box(), phone_aside.bounding_box()
    assert side["y"] >= form["y"] + form["height"] - 1  # below the form on a phone
    phone_aside.scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "sheets-counter-phone.png"))

    mediator.locator("#id_procedure").select_option(label="Carte Vitale")  # no sheet for this one
    aside.get_by_text(re.compile("Pas de fiche pratique publiée")).wait_for()


def test_the_sheet_pages_have_no_serious_accessibility_violation(demo_server: str, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    _sign_in(page, demo_server, MEDIATOR)
    page.wait_for_url(lambda url: "/compte/" not in url)
    page.goto(demo_server + "/fiches/")
    detail = page.get_by_role("link", name=re.compile("^Prime d'activité")).get_attribute("href")
    found: dict[str, list[str]] = {}
    for path in ("/fiches/", "/fiches/nouvelle/", detail, detail + "signaler/"):
        page.goto(demo_server + path)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found[path] = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    context.close()
    assert found == {path: [] for path in found}
