"""The menu shows, for every role, only pages that role can open: no link ends on a 403 or a 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.factories import StructureFactory, member, sign_in

ROLES = ["anonymous", "mediator_a", "manager_a", "coordinator_a", "partner_viewer", "admin"]
NAV = {
    "dsfr": re.compile(r'<nav class="fr-nav" id="navigation".*?</nav>', re.S),
    "neutral": re.compile(r'<nav id="navigation".*?</nav>', re.S),
}
# Every page a menu could point to: none may appear in a menu where it would not open.
CANDIDATES = [
    "directory:home",
    "directory:map",
    "counter:counter",
    "counter:persons_home",
    "tickets:home",
    "referrals:list",
    "referrals:chain",
    "rights:list",
    "network:dashboard",
    "network:partners",
    "reports:report",
    "reports:indicators",
    "territory:coverage",
    "exchange:places_export",
    "exchange:place_import",
    "socialvalue:list",
    "admin:index",
]


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        sign_in(client, getattr(cast, role))
    return client


def _menu_links(client: Client, theme: str) -> list[str]:
    page = client.get(reverse("directory:home")).content.decode()
    nav = NAV[theme].search(page)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


@pytest.mark.parametrize("theme", ["dsfr", "neutral"])
@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_the_role(cast: Any, settings: Any, role: str, theme: str) -> None:
    settings.MAILLAGE_THEME = theme
    client = _client(cast, role)
    links = _menu_links(client, theme)
    assert reverse("directory:home") in links
    for url in links:
        assert client.get(url).status_code == 200, f"{role} : {url}"


@pytest.mark.parametrize("role", ROLES)
def test_pages_the_role_cannot_open_are_not_in_its_menu(cast: Any, role: str) -> None:
    client = _client(cast, role)
    links = _menu_links(client, "dsfr")
    for name in CANDIDATES:
        url = reverse(name)
        if client.get(url).status_code != 200:
            assert url not in links, f"{role} : {url}"


def test_each_role_sees_its_own_entries(cast: Any) -> None:
    def menu(role: str) -> set[str]:
        return set(_menu_links(_client(cast, role), "dsfr"))

    assert reverse("counter:counter") in menu("mediator_a")
    assert reverse("referrals:list") in menu("mediator_a")
    assert reverse("territory:coverage") not in menu("mediator_a")
    assert reverse("counter:counter") not in menu("partner_viewer")
    assert reverse("network:dashboard") not in menu("partner_viewer")
    assert reverse("reports:report") in menu("partner_viewer")
    assert reverse("counter:counter") not in menu("coordinator_a")
    assert reverse("referrals:chain") in menu("coordinator_a")
    assert reverse("territory:coverage") in menu("coordinator_a")
    assert reverse("admin:index") in menu("admin")
    assert reverse("admin:index") not in menu("manager_a")
    assert menu("anonymous") == {reverse("directory:home"), reverse("directory:map")}


def test_a_structure_without_places_gets_no_counter_entry(cast: Any) -> None:
    lonely = member(Role.MEDIATOR, structure=StructureFactory(name="Sans lieu"), totp=False)
    client = Client()
    sign_in(client, lonely)
    links = _menu_links(client, "dsfr")
    assert client.get(reverse("counter:counter")).status_code == 403
    assert reverse("counter:counter") not in links
    assert reverse("referrals:list") in links


def test_current_section_is_marked_in_the_menu(cast: Any) -> None:
    client = _client(cast, "mediator_a")
    page = client.get(reverse("referrals:list")).content.decode()
    nav = NAV["dsfr"].search(page)
    assert nav is not None
    assert re.search(r'href="/orientations/" aria-current="page"', nav.group(0))


def test_only_the_most_specific_entry_is_current(cast: Any) -> None:
    """The partner's token pages sit under "reports:" too: "API partenaires" is current, not "Pilotage"."""
    client = _client(cast, "partner_viewer")
    page = client.get(reverse("reports:tokens")).content.decode()
    nav = NAV["dsfr"].search(page)
    assert nav is not None
    current = re.findall(r'href="([^"]+)" aria-current="page"', nav.group(0))
    assert current == [reverse("reports:tokens")]


def test_a_page_rendered_without_a_request_user_gets_the_public_menu(db: Any) -> None:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")  # no authentication middleware ran: no `user`
    page = render_to_string("errors/page.html", {"status": 404, "title": "Page introuvable"}, request=request)
    assert f'href="{reverse("directory:map")}"' in page
    assert reverse("counter:counter") not in page
    assert f'href="{reverse("sitepages:accessibility")}"' in page


def _top_level_labels(page: str) -> list[str]:
    nav = NAV["dsfr"].search(page)
    assert nav is not None
    items = re.findall(r'<li class="fr-nav__item">\s*<(?:a|button)[^>]*>([^<]+)', nav.group(0))
    return [item.strip() for item in items]


@pytest.mark.parametrize("role", ["mediator_a", "manager_a", "coordinator_a", "admin"])
def test_a_long_menu_fits_on_one_line_with_sub_menus(cast: Any, role: str) -> None:
    """Thirteen entries wrapped on a laptop screen: past seven, the secondary pages go into sub-menus,
    and every page stays one click away from its sub-menu's button."""
    client = _client(cast, role)
    page = client.get(reverse("directory:home")).content.decode()
    top = _top_level_labels(page)
    assert len(top) <= 7, top
    assert len(_menu_links(client, "dsfr")) > 7  # the role has more pages than that: grouping happened
    nav = NAV["dsfr"].search(page)
    assert nav is not None
    for ident in re.findall(
        r'<button class="fr-nav__btn" aria-expanded="false" aria-controls="([\w-]+)"', nav.group(0)
    ):
        assert f'<div class="fr-collapse fr-menu" id="{ident}">' in nav.group(0)


def test_a_short_menu_stays_flat(cast: Any) -> None:
    page = _client(cast, "partner_viewer").get(reverse("directory:home")).content.decode()
    assert "fr-nav__btn" not in page
    assert _top_level_labels(page) == ["Trouver un lieu", "Carte", "Pilotage", "API partenaires"]


def test_the_sub_menu_of_the_current_page_is_marked(cast: Any) -> None:
    client = _client(cast, "coordinator_a")
    page = client.get(reverse("reports:report")).content.decode()
    nav = NAV["dsfr"].search(page)
    assert nav is not None
    assert re.search(r'aria-controls="menu-pilotage" aria-current="true">Pilotage', nav.group(0))
    assert re.search(r'href="/pilotage/" aria-current="page">Rapport d&#x27;activité', nav.group(0))


def test_the_neutral_theme_groups_with_details(cast: Any, settings: Any) -> None:
    settings.MAILLAGE_THEME = "neutral"
    client = _client(cast, "manager_a")
    nav = NAV["neutral"].search(client.get(reverse("directory:home")).content.decode())
    assert nav is not None
    assert '<details class="nav-group"><summary>Gestion</summary>' in nav.group(0)
    assert f'href="{reverse("people:team")}"' in nav.group(0)
