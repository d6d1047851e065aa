"""Offline capture on a phone (issue #16's "Done when"): the demo mediator opens the terrain page, goes
offline, records 20 requests and 5 contact attempts, reloads while still offline (the page comes from the
service worker, the queue from IndexedDB), goes back online and the queue empties; the database then
holds exactly those 25 records once each, a replay of the same batch adds nothing, and the campaign page
counts them. A refused record stays on the phone with its reason until deleted, logging out with it
still there asks first, and an expired session keeps the queue."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from maillage.outreach.demo import DOOR_TO_DOOR
from maillage.tests.browser.conftest import MANAGE
from maillage.tests.browser.test_back_office_browser import _sign_in

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
REQUESTS, ATTEMPTS = 20, 5
SCREENSHOTS = Path("var/screenshots")


def _figure(page: Any, label: str) -> int:
    row = page.locator("tr", has=page.locator("td", has_text=re.compile(f"^{label}$")))
    return int(row.locator("td").nth(1).inner_text().strip())


def _campaign_figures(page: Any, base: str) -> tuple[int, int]:
    page.goto(base + "/aller-vers/")
    page.get_by_role("link", name=DOOR_TO_DOOR).click()
    return _figure(page, "Contacts tentés"), _figure(page, "Demandes")


def _stored(demo_env: dict[str, str], uuids: list[str]) -> dict[str, int]:
    """How many times each uuid is in the demo server's database, requests and attempts together."""
    code = (
        "import json\n"
        "from maillage.counter.models import Request\n"
        "from maillage.outreach.models import ContactAttempt\n"
        f"uuids = {json.dumps(uuids)}\n"
        "rows = []\n"
        "for model in (Request, ContactAttempt):\n"
        "    found = model.objects.filter(client_uuid__in=uuids)\n"
        "    rows += [str(u) for u in found.values_list('client_uuid', flat=True)]\n"
        "print(json.dumps({u: rows.count(u) for u in uuids}))\n"
    )
    done = subprocess.run([*MANAGE, "shell", "-c", code], env=demo_env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_twenty_requests_and_five_contacts_recorded_offline_are_stored_once(
    demo_server: str, demo_env: dict[str, str], browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **PHONE)
    page = context.new_page()
    page.set_default_timeout(30_000)
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.wait_for_url(lambda url: "/compte/" not in url)
    attempts_before, requests_before = _campaign_figures(page, demo_server)

    page.goto(demo_server + "/aller-vers/terrain/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_label("Campagne de la demande").locator("option", has_text=DOOR_TO_DOOR).wait_for(state="attached")

    context.set_offline(True)
    place = page.get_by_label("Lieu", exact=True)
    place.select_option(place.locator("option", has_text="Mermoz").get_attribute("value"))  # the campaign's place
    page.get_by_label("Démarche", exact=True).select_option(label="Prime d'activité")
    page.get_by_label("Durée de la demande (minutes)").fill("20")
    page.get_by_label("Campagne de la demande").select_option(label=DOOR_TO_DOOR)
    for _ in range(REQUESTS):
        page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_label("Campagne du contact").select_option(label=DOOR_TO_DOOR)
    page.get_by_label("Résultat").select_option(label="Absent")
    for _ in range(ATTEMPTS):
        page.get_by_role("button", name="Enregistrer le contact").click()
    page.get_by_text(f"{REQUESTS} demandes non envoyées").wait_for()
    page.get_by_text(f"{ATTEMPTS} contacts non envoyés").wait_for()

    page.reload()  # still offline: the shell comes from the service worker, the queue from IndexedDB
    page.get_by_text(f"{REQUESTS} demandes non envoyées").wait_for()
    page.get_by_text(f"{ATTEMPTS} contacts non envoyés").wait_for()
    page.get_by_text("Connexion : hors ligne").wait_for()
    # The service worker's own fetches are offline too: the page above came from its cache, not the network.
    missing = page.evaluate(
        "fetch('/static/maillage/css/poster.css?hors-ligne').then(() => 'réseau', () => 'hors ligne')"
    )
    assert missing == "hors ligne"
    _shot(page, tmp_path, "terrain-hors-ligne.png")
    queue = page.evaluate("window.MaillageTerrainDb.all()")
    uuids = [record["uuid"] for record in queue]
    assert len(set(uuids)) == REQUESTS + ATTEMPTS
    assert _stored(demo_env, uuids) == dict.fromkeys(uuids, 0)  # nothing reached the server while offline

    # Back online: the "online" event sends the queue, or the retry every 15 s while the last exchange failed
    # (Chromium's offline emulation leaves navigator.onLine true after a reload, so no event may come).
    context.set_offline(False)
    page.get_by_text("0 demande non envoyée").wait_for(timeout=60_000)
    page.get_by_text("0 contact non envoyé").wait_for()
    assert page.evaluate("window.MaillageTerrainDb.count()") == 0
    assert _stored(demo_env, uuids) == dict.fromkeys(uuids, 1)

    replay = page.evaluate(
        """async (records) => {
            const token = (await (await fetch("/aller-vers/terrain/donnees.json")).json()).csrf_token;
            const response = await fetch("/aller-vers/terrain/envoi.json", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": token},
                body: JSON.stringify({sent_at: new Date().toISOString(), records: records}),
            });
            return (await response.json()).results.map((r) => r.status);
        }""",
        [record["payload"] for record in queue],
    )
    assert replay == ["already_stored"] * (REQUESTS + ATTEMPTS)
    assert _stored(demo_env, uuids) == dict.fromkeys(uuids, 1)
    assert _campaign_figures(page, demo_server) == (attempts_before + ATTEMPTS, requests_before + REQUESTS)

    # A record the server refuses (a procedure gone from the catalogue) stays, with its reason.
    page.goto(demo_server + "/aller-vers/terrain/")
    page.evaluate(
        """async () => {
            const data = (await window.MaillageTerrainDb.getMeta("bootstrap")).value;
            const payload = {uuid: crypto.randomUUID(), kind: "request", recorded_at: new Date().toISOString(),
                place: data.places[0].uuid, procedure: "demarche_retiree", duration_minutes: 10};
            await window.MaillageTerrainDb.put({uuid: payload.uuid, kind: "request", payload: payload,
                label: "Demande : démarche retirée", owner: data.user});
        }"""
    )
    page.get_by_role("button", name="Envoyer maintenant").click()
    reason = page.get_by_text("Motif : La démarche « demarche_retiree » n'existe plus dans le catalogue.")
    reason.wait_for()
    page.get_by_text("1 demande non envoyée").wait_for()
    _shot(page, tmp_path, "terrain-refuse.png")

    messages: list[str] = []

    def stay(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-principal").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_timeout(500)
    assert messages
    assert "1 enregistrement n'a pas été envoyé" in messages[0]
    assert "/aller-vers/terrain/" in page.url  # dismissed: still signed in, on the page
    page.keyboard.press("Escape")  # closes the menu

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Supprimer « Demande : démarche retirée »")).click()
    page.get_by_text("0 demande non envoyée").wait_for()
    assert reason.count() == 0

    # The session is gone (cookies cleared): the record stays on the phone, the page asks to log in again.
    context.clear_cookies()
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("Session expirée : reconnectez-vous, vos enregistrements restent sur ce téléphone.").wait_for()
    page.get_by_text("1 demande non envoyée").wait_for()
    assert page.get_by_role("link", name="Se reconnecter").get_attribute("href").startswith("/compte/login/")
    _shot(page, tmp_path, "terrain-session-expiree.png")
    context.close()


def test_the_terrain_page_is_accessible_on_a_phone(demo_server: str, browser: Any) -> None:
    from maillage.tests.browser.test_directory_browser import AXE

    context = browser.new_context(locale="fr-FR", bypass_csp=True, **PHONE)  # bypass: to inject axe-core
    page = context.new_page()
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.wait_for_url(lambda url: "/compte/" not in url)
    page.goto(demo_server + "/aller-vers/terrain/")
    page.get_by_label("Campagne du contact").locator("option", has_text=DOOR_TO_DOOR).wait_for(state="attached")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]  # type: ignore[index]

    asked: list[str] = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-principal").get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(lambda url: "/aller-vers/" not in url)  # nothing unsent: logged out without a question
    assert asked == []
    assert page.get_by_role("button", name="Se déconnecter").count() == 0
    context.close()
