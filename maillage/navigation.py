"""The site menu and each role's home: only links the user can open, the unread referrals count.

One query reads what the menu needs beyond the user's roles (cached on the user by `roles()`):
for each membership, whether its structure has places (the counter), whether its network has
structures (the referral chain), and how many referrals its structure received and has not answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import STRUCTURE_ROLES, Role

if TYPE_CHECKING:
    from maillage.accounts.models import User


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    section: str  # view-name prefix of the pages this entry stands for (aria-current)
    badge: int = 0
    badge_label: str = ""
    current: bool = False


@dataclass(frozen=True)
class Reach:
    """What a signed-in user can open, beyond their roles."""

    roles: set[str]
    is_superuser: bool = False
    counter: bool = False  # the counter has at least one place to record at
    chain: bool = False  # some structure's referral chain is in reach
    unread_referrals: int = 0  # received by the user's structures, awaiting an answer
    due_rights: int = 0  # open followed rights of this mediator whose reminder date has come
    staff_structures: set[int] = field(default_factory=set)
    managed_structures: set[int] = field(default_factory=set)

    def manages(self, structure_id: int) -> bool:
        """Managers of the structure and administrators: who reads its person-file access log."""
        return Role.ADMINISTRATOR in self.roles or structure_id in self.managed_structures


def reach_for(user: User) -> Reach:
    """The user's reach, read once per request (cached on the user object, as `roles()` is)."""
    cached: Reach | None = getattr(user, "_reach_cache", None)
    if cached is None:
        cached = _read_reach(user)
        user._reach_cache = cached  # type: ignore[attr-defined]
    return cached


def _read_reach(user: User) -> Reach:
    from maillage.accounts.models import Membership
    from maillage.network.models import Place, Structure
    from maillage.referrals.models import Referral
    from maillage.rights.models import FollowedRight

    roles = user.roles()
    if not roles:
        return Reach(roles=set())
    unread = (
        Referral.objects.awaiting_answer()
        .filter(to_structure=OuterRef("structure_id"))
        .order_by()
        .values("to_structure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    due = (
        FollowedRight.objects.reminder_due(timezone.localdate())
        .filter(mediator=OuterRef("user_id"))
        .order_by()
        .values("mediator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Membership.objects.filter(user=user)
        .annotate(
            has_places=Exists(Place.objects.filter(structure=OuterRef("structure_id"))),
            network_has_structures=Exists(Structure.objects.filter(network=OuterRef("network_id"))),
            any_place=Exists(Place.objects.all()),
            any_structure=Exists(Structure.objects.all()),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            due=Coalesce(Subquery(due, output_field=IntegerField()), 0),
        )
        .values_list(
            "role",
            "structure_id",
            "has_places",
            "network_has_structures",
            "any_place",
            "any_structure",
            "unread",
            "due",
        )
    )
    administrator = Role.ADMINISTRATOR in roles
    staff = [row for row in rows if row[0] in STRUCTURE_ROLES]
    per_structure = {structure_id: unread_count for _, structure_id, *_, unread_count, _ in staff}
    counter = any(row[2] for row in staff) or (administrator and any(row[4] for row in rows))
    chain = bool(staff) or any(row[0] == Role.NETWORK_COORDINATOR and row[3] for row in rows)
    chain = chain or (administrator and any(row[5] for row in rows))
    return Reach(
        roles=roles,
        is_superuser=user.is_superuser,
        counter=counter,
        chain=chain,
        unread_referrals=sum(per_structure.values()),
        due_rights=max((row[7] for row in staff), default=0),
        staff_structures=set(per_structure),
        managed_structures={row[1] for row in staff if row[0] == Role.STRUCTURE_MANAGER},
    )


def home_url(user: Any) -> str:
    """Where a user lands after login: the counter for mediators, the back office for managers and
    administrators, the activity report for coordinators and partners."""
    if not getattr(user, "is_authenticated", False):
        return reverse("directory:home")
    return _home(reach_for(user))


def _home(reach: Reach) -> str:
    roles = reach.roles
    if Role.ADMINISTRATOR in roles or Role.STRUCTURE_MANAGER in roles:
        return reverse("network:dashboard")
    if Role.NETWORK_COORDINATOR in roles:
        return reverse("reports:report")
    if Role.MEDIATOR in roles:
        return reverse("counter:counter") if reach.counter else reverse("network:dashboard")
    if Role.PARTNER_VIEWER in roles:
        return reverse("reports:report")
    return reverse("network:dashboard")


def _unread_label(count: int) -> str:
    if count == 1:
        return "1 orientation reçue en attente de réponse"
    return f"{count} orientations reçues en attente de réponse"


def _due_label(count: int) -> str:
    return "1 rappel de droit à faire" if count == 1 else f"{count} rappels de droits à faire"


def _links(user: Any, reach: Reach | None) -> list[tuple[str, str, str, int]]:
    """(label, url name, section, badge) of every entry the user can open."""
    links = [("Trouver un lieu", "directory:home", "directory:home", 0), ("Carte", "directory:map", "directory:map", 0)]
    if reach is None:
        return links
    roles = reach.roles
    if reach.counter:
        links.append(("Accueil du public", "counter:counter", "counter:", 0))
        links.append(("File d'attente", "tickets:home", "tickets:", 0))  # tickets/views.py::place_choice
    if reach.staff_structures or Role.ADMINISTRATOR in roles:
        links.append(("Orientations", "referrals:list", "referrals:", reach.unread_referrals))
    elif reach.chain:
        links.append(("Orientations", "referrals:chain", "referrals:", 0))
    if reach.staff_structures or Role.ADMINISTRATOR in roles:  # rights/views.py::right_list
        links.append(("Droits à suivre", "rights:list", "rights:", reach.due_rights))
    if reach.staff_structures or Role.ADMINISTRATOR in roles:  # workshops/views.py::staff_user
        links.append(("Ateliers", "workshops:list", "workshops:", 0))
    if reach.staff_structures or Role.ADMINISTRATOR in roles:  # outreach/views.py::staff_user
        links.append(("Aller vers", "outreach:list", "outreach:", 0))
    if reach.managed_structures or Role.ADMINISTRATOR in roles:  # people/access.py::manager_user
        links.append(("Équipe", "people:team", "people:", 0))
    elif reach.staff_structures:  # people/access.py::staff_user
        links.append(("Mon profil", "people:mine", "people:", 0))
    if reach.staff_structures or roles & {Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}:  # sheets/access.py
        links.append(("Fiches pratiques", "sheets:list", "sheets:", 0))
    if reach.staff_structures or (Role.ADMINISTRATOR in roles and reach.chain):  # vouchers/access.py::staff_ids
        links.append(("Bons", "vouchers:list", "vouchers:", 0))
    if roles & (STRUCTURE_ROLES | {Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}):
        links.append(("Gestion", "network:dashboard", "network:", 0))
    if roles & {Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}:  # socialvalue/views.py::_networks
        links.append(("Valeur sociale", "socialvalue:list", "socialvalue:", 0))
    if roles & {Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}:  # exchange/views_export.py
        links.append(("Échanges de données", "exchange:places_export", "exchange:place", 0))
    if roles:  # every role has a report: its structures, its network, its partner, or all
        links.append(("Pilotage", "reports:report", "reports:", 0))
    if roles == {Role.PARTNER_VIEWER}:  # their tokens for the partner API (reports/api.py)
        links.append(("API partenaires", "reports:tokens", "reports:token", 0))
    if user.can_study_territory:
        links.append(("Territoire", "territory:coverage", "territory:", 0))
    if reach.is_superuser:
        links.append(("Administration", "admin:index", "admin:", 0))
    return links


# Past this many entries the menu wraps on a laptop screen: the secondary pages go into sub-menus.
FLAT_MENU_MAX = 7
# section -> (sub-menu id, sub-menu label, the entry's label inside it, or "" to keep its own)
GROUPS = {
    "directory:home": ("menu-annuaire", "Annuaire", ""),
    "directory:map": ("menu-annuaire", "Annuaire", ""),
    "tickets:": ("menu-accompagner", "Accompagner", ""),
    "workshops:": ("menu-accompagner", "Accompagner", ""),
    "outreach:": ("menu-accompagner", "Accompagner", ""),
    "vouchers:": ("menu-accompagner", "Accompagner", ""),
    "sheets:": ("menu-accompagner", "Accompagner", ""),
    "network:": ("menu-gestion", "Gestion", "Tableau de bord"),
    "people:": ("menu-gestion", "Gestion", ""),
    "exchange:place": ("menu-gestion", "Gestion", ""),
    "reports:": ("menu-pilotage", "Pilotage", "Rapport d'activité"),
    "socialvalue:": ("menu-pilotage", "Pilotage", ""),
    "territory:": ("menu-pilotage", "Pilotage", ""),
    "reports:token": ("menu-pilotage", "Pilotage", ""),
    "admin:": ("menu-gestion", "Gestion", ""),
}


@dataclass(frozen=True)
class MenuGroup:
    """A sub-menu: a button that opens its links (DSFR collapse, or <details> in the neutral theme)."""

    ident: str
    label: str
    links: list[MenuLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)

    @property
    def badge(self) -> int:
        return sum(link.badge for link in self.links)

    @property
    def badge_label(self) -> str:
        return ", ".join(link.badge_label for link in self.links if link.badge)


@dataclass(frozen=True)
class Menu:
    links: list[MenuLink]
    home: str  # the user's own home (the login page for visitors)
    unread_referrals: int = 0

    @property
    def entries(self) -> list[MenuLink | MenuGroup]:
        """What the menu bar shows: every link while they fit, else the secondary ones in sub-menus
        (a sub-menu of one link is shown as that link, under its own label)."""
        if len(self.links) <= FLAT_MENU_MAX:
            return list(self.links)
        members: dict[str, list[MenuLink]] = {}
        for link in self.links:
            if link.section in GROUPS:
                members.setdefault(GROUPS[link.section][0], []).append(link)
        entries: list[MenuLink | MenuGroup] = []
        for link in self.links:
            if link.section not in GROUPS:
                entries.append(link)
                continue
            ident, label, _ = GROUPS[link.section]
            group = members.pop(ident, None)
            if group is None:  # already placed with the group's first link
                continue
            if len(group) == 1:
                entries.append(group[0])
            else:
                renamed = [replace(one, label=GROUPS[one.section][2] or one.label) for one in group]
                entries.append(MenuGroup(ident, label, renamed))
        return entries


def menu_for(user: Any, current: str = "") -> Menu:
    """The menu of a page; `current` is the page's view name (namespace:name), for aria-current."""
    signed_in = bool(getattr(user, "is_authenticated", False))
    reach = reach_for(user) if signed_in else None
    entries = _links(user, reach)
    # One current entry: the most specific section ("reports:token" before "reports:").
    matching = [section for _, _, section, _ in entries if current and current.startswith(section)]
    current_section = max(matching, key=len, default=None)
    links = [
        MenuLink(
            label,
            reverse(name),
            section=section,
            badge=badge,
            badge_label=(_due_label(badge) if section == "rights:" else _unread_label(badge)) if badge else "",
            current=section == current_section,
        )
        for label, name, section, badge in entries
    ]
    if reach is None:
        return Menu(links=links, home=reverse("account_login"))
    return Menu(links=links, home=_home(reach), unread_referrals=reach.unread_referrals)
