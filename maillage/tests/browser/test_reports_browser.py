"""A partner viewer reads its partner's report in a browser: aggregated figures only, small cells masked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from maillage.tests.browser.conftest import MANAGE
from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in, follow_menu
from maillage.tests.browser.test_directory_browser import AXE

pytestmark = pytest.mark.browser

# Activity up to the end of October 2026 (the demo agreements cover 2026), so "today" stays untouched.
ADD_ACTIVITY = (
    "import datetime as dt; from maillage.counter.demo import add_requests; "
    "add_requests(900, seed=5, now=dt.datetime(2026, 10, 30, 12, tzinfo=dt.timezone.utc))"
)


@pytest.fixture(scope="module")
def activity_2026(demo_server: str, demo_env: dict[str, str]) -> str:
    subprocess.run([*MANAGE, "shell", "-c", ADD_ACTIVITY], env=demo_env, check=True, capture_output=True)
    return demo_server


def _people_cells(page: Any) -> list[str]:
    """Every value of every "Personnes" column on the page."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.report-section table')].flatMap(t => {
            const heads = [...t.querySelectorAll('thead th')].map(h => h.textContent.trim());
            const i = heads.indexOf('Personnes');
            return i < 0 ? [] : [...t.querySelectorAll('tbody tr')].map(r => r.children[i].textContent.trim());
        })"""
    )


def test_partner_viewer_sees_only_its_partner_with_small_cells_masked(
    activity_2026: str, page: Any, tmp_path: Path
) -> None:
    base = activity_2026
    _sign_in(page, base, "partenaire.caf@demo.maillage.fr")
    page.wait_for_url(re.compile(r"/pilotage/"))  # a partner viewer lands on its report
    follow_menu(page, "Pilotage")
    assert page.get_by_label("Périmètre").count() == 0
    page.get_by_label("Période").fill("2026-01-01:2026-10-31")
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_selector("#tableau-summary")
    text = page.inner_text("main")
    assert "CAF" in text
    for other in ("CPAM", "DGFiP", "France Travail", "EDF"):
        assert other not in text, other
    cells = _people_cells(page)
    assert cells, "breakdown tables with a people column"
    assert "< 5" in cells
    for value in cells:
        assert value == "< 5" or int(value.replace("\u202f", "")) >= 5, value
    page.screenshot(path=str(tmp_path / "rapport-partenaire.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "< 5" in content
    assert "CPAM" not in content


def test_report_page_has_no_serious_accessibility_violation(activity_2026: str, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    _sign_in(page, activity_2026, "partenaire.caf@demo.maillage.fr")
    page.wait_for_url(re.compile(r"/pilotage/"))
    page.goto(activity_2026 + "/pilotage/?period=2026-01-01:2026-10-31")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    context.close()
    assert serious == [], serious


def test_a_long_scope_list_can_be_filtered(demo_server: str, page: Any, tmp_path: Path) -> None:
    _sign_in(page, demo_server, "coordination@demo.maillage.fr")
    _second_factor(page)
    page.goto(demo_server + "/pilotage/")
    scope = page.locator("#id_scope")
    everything = scope.locator("option").all_inner_texts()
    assert len(everything) > 15
    page.get_by_label("Filtrer la liste « Périmètre »").fill("villeurbanne")
    kept = scope.locator("option").all_inner_texts()
    assert 0 < len(kept) < len(everything)
    chosen = scope.locator("option:checked").inner_text()
    assert all("villeurbanne" in label.lower() for label in kept if label != chosen), kept
    assert "correspond" in page.get_by_role("status").first.inner_text()
    page.screenshot(path=str(tmp_path / "filtre-perimetre.png"), full_page=True)
    value = scope.locator("option", has_text="Villeurbanne").last.get_attribute("value")
    assert value
    scope.select_option(value)
    page.get_by_label("Filtrer la liste « Périmètre »").fill("")
    assert scope.locator("option").count() == len(everything)
    assert scope.input_value() == value
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_selector("#tableau-summary")
    assert "Villeurbanne" in page.locator("main h2").first.inner_text()
