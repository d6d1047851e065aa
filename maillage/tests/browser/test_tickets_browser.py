"""A morning at the counter: reception gives a ticket, a mediator calls it, the waiting-room screen
(opened without an account) shows the number by itself; both pages pass axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from maillage.tests.browser.test_back_office_browser import _sign_in, follow_menu
from maillage.tests.browser.test_directory_browser import AXE

pytestmark = pytest.mark.browser


def _serious_violations(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v["id"] for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def test_a_ticket_given_at_reception_is_called_and_shown_on_the_screen(demo_server: str, browser: Any) -> None:
    mediator = browser.new_context(locale="fr-FR").new_page()
    errors: list[str] = []
    mediator.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _sign_in(mediator, demo_server, "mediateur@demo.maillage.fr")
    mediator.wait_for_url(lambda url: "/compte/" not in url)
    follow_menu(mediator, "File d'attente")
    mediator.locator("main a.fr-link").first.click()  # the first place of the structure (the demo's morning)
    mediator.wait_for_url(re.compile(r"/guichet/lieux/[0-9a-f-]+/$"))
    queue_url = mediator.url
    screen_url = mediator.get_by_role("link", name=re.compile("Écran de la salle d'attente")).get_attribute("href")

    kiosk = browser.new_context(locale="fr-FR").new_page()  # no account: the screen's secret link
    kiosk.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    kiosk.goto(demo_server + screen_url)
    assert kiosk.locator("#ecran").is_visible()

    mediator.get_by_role("link", name="Donner un ticket").click()
    mediator.locator("label", has_text="Comprendre un courrier").click()  # DSFR radios: the label takes the click
    mediator.get_by_role("button", name="Donner un ticket").click()
    number = mediator.locator(".ticket-last .ticket-number").inner_text().strip()
    assert re.fullmatch(r"\d{3}", number)
    create_url = mediator.url

    mediator.goto(queue_url)
    mediator.get_by_role("button", name=f"Appeler le {number}", exact=True).click()
    mediator.get_by_text(f"Ticket {number} appelé.").wait_for()

    current = kiosk.locator(".ticket-screen__current .ticket-number")
    current.filter(has_text=number).wait_for(timeout=20_000)  # htmx polls every 10 seconds
    assert errors == []  # no script or style refused by the strict CSP, no failed request

    audit = browser.new_context(locale="fr-FR", bypass_csp=True).new_page()  # to inject axe-core
    _sign_in(audit, demo_server, "mediateur@demo.maillage.fr")
    audit.wait_for_url(lambda url: "/compte/" not in url)
    for url in (queue_url, create_url, demo_server + screen_url):
        assert _serious_violations(audit, url) == [], url
