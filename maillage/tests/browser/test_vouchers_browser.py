"""A mediator issues a pass numérique voucher, prints it, redeems it by code on a phone; a second try is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.tests.browser.test_back_office_browser import _sign_in
from maillage.tests.browser.test_directory_browser import AXE

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_issue_print_and_redeem_a_voucher_on_a_phone(demo_server: str, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR", viewport=PHONE, bypass_csp=True)  # bypass: to inject axe-core
    page = context.new_page()
    _sign_in(page, demo_server, "mediateur@demo.maillage.fr")
    page.goto(demo_server + "/bons/emettre/")
    page.get_by_label("Série").select_option(label="Pass numérique — Rhône (10,00\u00a0€)")
    page.get_by_role("button", name="Émettre le bon").click()
    code = page.locator(".voucher-code").inner_text().strip()
    assert re.fullmatch(r"PN69 [0-9A-Z]{4} [0-9A-Z]{4} [0-9A-Z]", code), code
    assert page.get_by_text("Bon au porteur").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("header").first.is_visible()
    assert page.locator(".voucher").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Utiliser un bon").first.click()
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    page.get_by_label("Code du bon").fill(code.lower().replace(" ", "-"))
    page.get_by_role("button", name="Utiliser le bon").click()
    page.get_by_text(re.compile(r"Bon PN69 .* utilisé")).wait_for()  # waits for the answer page

    page.get_by_label("Code du bon").fill(code)
    page.get_by_role("button", name="Utiliser le bon").click()
    page.get_by_text("Ce bon a déjà été utilisé.").wait_for()  # the previous page said "utilisé" too
    context.close()
