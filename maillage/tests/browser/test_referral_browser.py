"""A mediator refers a person to another structure's place and to an external partner; both answer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from maillage.tests.browser.conftest import MANAGE
from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in

pytestmark = pytest.mark.browser


def _record_and_refer(page: Any, base: str) -> None:
    page.goto(base + "/accueil/")
    page.keyboard.press("1")
    page.get_by_text(re.compile("Demande enregistrée")).wait_for()
    page.locator(".today-list a", has_text="Orienter").first.click()
    page.wait_for_url(re.compile(r"/orientations/nouvelle/"))


def test_referral_loop_between_structures_and_with_an_external_partner(
    demo_server: str, demo_env: dict[str, str], browser: Any
) -> None:
    sender = browser.new_context(locale="fr-FR").new_page()
    _sign_in(sender, demo_server, "mediateur.villeurbanne@demo.maillage.fr")
    sender.wait_for_url(re.compile(r"/accueil/"))
    _record_and_refer(sender, demo_server)
    sender.get_by_label("Rechercher un lieu (nom, commune ou code postal)").fill("Mermoz")
    option = sender.locator("#id_to_place option", has_text="PIMMS Lyon 8e").first
    option.wait_for(state="attached")
    sender.get_by_label("Lieu destinataire sur la plateforme").select_option(option.get_attribute("value"))
    sender.get_by_label("Motif de l'orientation").fill("Dossier de retraite complexe, besoin d'un rendez-vous long")
    sender.get_by_role("button", name="Envoyer l'orientation").click()
    sender.get_by_text("Orientation envoyée").wait_for()
    detail_url = sender.url

    receiver = browser.new_context(locale="fr-FR").new_page()
    _sign_in(receiver, demo_server, "responsable@demo.maillage.fr")
    _second_factor(receiver)
    receiver.goto(demo_server + "/orientations/?boite=recues")
    receiver.locator("table a").first.click()
    receiver.get_by_role("button", name="Accepter l'orientation").click()
    receiver.get_by_label("Suite").select_option("done")
    receiver.get_by_label("Retour pour la structure d'origine").fill("Rendez-vous tenu, dossier déposé")
    receiver.get_by_role("button", name="Clôturer l'orientation").click()
    receiver.get_by_text("Orientation clôturée").wait_for()

    sender.goto(detail_url)
    assert sender.locator("#statut-orientation").text_content() == "Réalisée"
    assert "Rendez-vous tenu, dossier déposé" in sender.content()

    _record_and_refer(sender, demo_server)
    sender.get_by_label("Structure extérieure", exact=True).fill("CCAS de Villeurbanne")
    sender.get_by_label("Courriel de la structure extérieure").fill("ccas@villeurbanne.example")
    sender.get_by_label("Motif de l'orientation").fill("Aide alimentaire d'urgence")
    sender.get_by_role("button", name="Envoyer l'orientation").click()
    sender.get_by_text("Orientation envoyée").wait_for()
    subprocess.run(
        [*MANAGE, "db_worker", "--batch", "--no-startup-delay"], env=demo_env, check=True, capture_output=True
    )
    mails = "".join(p.read_text() for p in (Path(demo_env["MAILLAGE_VAR_DIR"]) / "mail").glob("*.log"))
    links = re.findall(r"http://\S+/orientations/reponse/\S+/", mails)
    assert links, "no answer link was e-mailed"
    external = browser.new_context(locale="fr-FR").new_page()
    external.goto(links[-1])
    assert "Aide alimentaire d'urgence" in external.content()
    external.get_by_role("button", name="Accepter l'orientation").click()
    external.get_by_text("Orientation acceptée").wait_for()

    sender.goto(demo_server + "/orientations/chaine/")
    table = sender.locator("#chaine").inner_text()
    assert re.search(r"PIMMS Médiation Villeurbanne\s+PIMMS Médiation Lyon Métropole\s+\d+\s+\d+\s+\d+", table)
    assert "CCAS de Villeurbanne (extérieur)" in table
    for page in (sender, receiver, external):
        page.context.close()
