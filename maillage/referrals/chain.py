"""The chain between structures: who sends people to whom, and what becomes of them."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from maillage.counter.models import Request
from maillage.network.models import Structure
from maillage.referrals.enums import Status
from maillage.referrals.models import Referral

ANSWERED = {Status.ACCEPTED, Status.DONE, Status.NO_SHOW, Status.REFUSED}
ACCEPTED = {Status.ACCEPTED, Status.DONE, Status.NO_SHOW}


@dataclass
class Link:
    source: str
    target: str
    sent: int = 0
    accepted: int = 0
    done: int = 0
    refused: int = 0
    expired: int = 0
    upstream: int = 0  # requests recorded by `target` saying `source` sent the person
    close_hours: list[float] = field(default_factory=list)

    @property
    def acceptance_rate(self) -> float | None:
        answered = self.accepted + self.refused
        return self.accepted / answered if answered else None

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.accepted if self.accepted else None

    @property
    def median_close_hours(self) -> float | None:
        return statistics.median(self.close_hours) if self.close_hours else None


@dataclass
class Chain:
    links: list[Link]
    structures: list[str]

    def matrix(self) -> list[tuple[str, list[int]]]:
        """Rows: sending structure; columns: receiving structure; cells: referrals sent."""
        cells = {(link.source, link.target): link.sent for link in self.links}
        return [(row, [cells.get((row, col), 0) for col in self.structures]) for row in self.structures]

    @property
    def total_sent(self) -> int:
        return sum(link.sent for link in self.links)

    @property
    def total_upstream(self) -> int:
        return sum(link.upstream for link in self.links)


def build_chain(structures: QuerySet[Structure]) -> Chain:
    """Referrals sent or received by these structures, and requests they recorded as sent by another."""
    ids = list(structures.values_list("pk", flat=True))
    names = dict(Structure.objects.values_list("pk", "name"))
    links: dict[tuple[str, str], Link] = {}

    def link(source: str, target: str) -> Link:
        return links.setdefault((source, target), Link(source, target))

    referrals = Referral.objects.filter(Q(from_structure_id__in=ids) | Q(to_structure_id__in=ids)).values_list(
        "from_structure_id", "to_structure_id", "external_name", "status", "created_at", "closed_at"
    )
    for source_id, target_id, external, status, created, closed in referrals:
        item = link(names[source_id], names[target_id] if target_id else f"{external} (extérieur)")
        item.sent += 1
        item.accepted += status in ACCEPTED
        item.done += status == Status.DONE
        item.refused += status == Status.REFUSED
        item.expired += status == Status.EXPIRED
        if closed is not None and status in {Status.DONE, Status.NO_SHOW, Status.REFUSED}:
            item.close_hours.append((closed - created).total_seconds() / 3600)
    upstream = (
        Request.objects.filter(referred_by_structure__isnull=False)
        .filter(Q(structure_id__in=ids) | Q(referred_by_structure_id__in=ids))
        .values("referred_by_structure_id", "structure_id")
        .annotate(n=Count("id"))
    )
    for row in upstream:
        link(names[row["referred_by_structure_id"]], names[row["structure_id"]]).upstream += row["n"]
    ordered = sorted(links.values(), key=lambda lk: (-lk.sent, lk.source, lk.target))
    involved: dict[str, None] = defaultdict(lambda: None)
    for item in ordered:
        involved[item.source]
        involved[item.target]
    return Chain(links=ordered, structures=sorted(involved))
