"""A person looks for help near a commune, opens a place and reads whether it is open."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


def test_search_a_need_near_a_commune_then_read_the_opening_status(demo_server: str, page: Any) -> None:
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(demo_server + "/")
    page.get_by_label("Commune ou code postal").fill("Villeurbanne")
    page.get_by_label("Besoin").select_option(label="Aide aux démarches administratives")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"where=Villeurbanne"))
    heading = page.locator("#resultats h2")
    assert re.search(r"\d+ lieux trouvés autour de Villeurbanne", heading.inner_text())
    first = page.locator("#resultats .result h3 a").first
    assert "Villeurbanne" in first.inner_text()
    first.click()
    page.wait_for_selector("h1")
    status = page.locator("#statut .status").first.inner_text()
    assert re.match(r"(Ouvert maintenant|Fermé)", status), status
    assert page.locator("text=Horaires des 7 prochains jours").is_visible()
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_keyboard_only_search(demo_server: str, page: Any) -> None:
    page.goto(demo_server + "/")
    page.get_by_label("Commune ou code postal").focus()
    page.keyboard.type("42000")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"where=42000"))
    assert "autour de Saint-Étienne" in page.locator("#resultats h2").inner_text()


def test_map_shows_markers_without_any_tile_server(demo_server: str, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(demo_server + "/carte/")
    page.wait_for_selector("#carte[data-markers]")
    assert int(page.get_attribute("#carte", "data-markers") or 0) >= 30
    assert page.locator(".leaflet-interactive, .marker-cluster").count() > 0
    assert all(url.startswith(demo_server) for url in requests), [u for u in requests if not u.startswith(demo_server)]


@pytest.mark.parametrize("path", ["/", "/?where=Lyon", "/carte/", "/compte/login/"])
def test_pages_have_no_serious_accessibility_violation(demo_server: str, browser: Any, path: str) -> None:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    page.goto(demo_server + path)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    context.close()
    assert serious == [], serious


def test_search_works_on_a_phone(demo_server: str, browser: Any) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(demo_server + "/")
    page.get_by_label("Commune ou code postal").fill("Montbrison")
    page.get_by_label("Organisme concerné").select_option(label="MSA (Mutualité sociale agricole)")
    page.get_by_role("button", name="Rechercher").tap()
    page.wait_for_url(re.compile(r"where=Montbrison"))
    first = page.locator("#resultats .result h3 a").first
    assert first.inner_text() == "France Services Montbrison"
    box = first.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    context.close()


def test_any_commune_is_known_and_a_missing_page_is_french(demo_server: str, page: Any) -> None:
    """A village of the Loire finds its nearest places; a commune far from any place gets an empty
    state (never "position inconnue"); a wrong address shows the French 404 in the site's layout."""
    for commune in ("Marlhes", "Ajaccio"):
        page.goto(demo_server + "/")
        page.get_by_label("Commune ou code postal").fill(commune)
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_url(re.compile(rf"where={commune}"))
        results = page.locator("#resultats").inner_text()
        assert "n'est pas connue" not in results, results
        if commune == "Marlhes":
            assert re.search(r"\d+ lieux? trouvés? autour de Marlhes", results), results
        else:
            assert "Aucun lieu" in results, results
    response = page.goto(demo_server + "/cette-page-n-existe-pas/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert page.get_by_role("link", name=re.compile("Accessibilité")).first.is_visible()
    assert "Not Found" not in page.content()
