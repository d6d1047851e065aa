"""Import of places published in the national standard (v1.x CSV/JSON, older v0 JSON).

Every record is read and checked before anything is written (`lieux_rows`); each place is matched
to an existing one on (source, id), then on an `id` that is the UUID of one of our places (a file
this instance exported), then on SIRET + address, so a second import updates and never
duplicates. Places go to the structure given, or to the structure of their SIRET (created when
needed), or, without a valid SIRET, to one structure named after the file's source, created once.
Valid rows are written in batches, each in one transaction; a batch the database refuses is
rolled back and written again row by row, so one bad row never loses or half-writes the others.
A dry run stops after the plan. See docs/import-lieux.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from django.db import DatabaseError, transaction
from django.utils import timezone

from maillage.exchange.lieux_read import ImportRefused, Issue, read_places
from maillage.exchange.lieux_rows import PlaceRow, find_commune, parse_record
from maillage.network.models import Place, Structure

__all__ = ["ImportRefused", "ImportReport", "import_lieux"]
BATCH_SIZE = 500


@dataclass
class Step:
    row: PlaceRow
    place: Place | None  # the existing place to update, None to create
    structure: Structure | None  # where a created place goes (None: created from `structure_key`)
    structure_key: tuple[str, str]  # (pivot, name) of the structure to find or create


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    new_structures: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        verb = "seraient" if self.dry_run else "ont été"
        text = (
            f"{self.created} lieu(x) {verb} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s), "
            f"{len(self.rejected)} ligne(s) rejetée(s), {len(self.warnings)} avertissement(s)."
        )
        if self.new_structures:
            text += f" Structure(s) {'à créer' if self.dry_run else 'créée(s)'} : {', '.join(self.new_structures)}."
        return ("Simulation, rien n'a été enregistré : " if self.dry_run else "") + text


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


def _unchanged(place: Place, values: dict[str, Any]) -> bool:
    return all(getattr(place, name) == value for name, value in values.items())


class Planner:
    def __init__(self, rows: list[PlaceRow], structure: Structure | None, report: ImportReport) -> None:
        self.rows, self.structure, self.report = rows, structure, report
        self.by_id = {
            (place.source, place.external_id): place
            for place in Place.objects.filter(
                source__in={row.source for row in rows}, external_id__in={row.external_id for row in rows}
            ).select_related("structure")
        }
        uuids = {uuid for uuid in map(_uuid, (row.external_id for row in rows)) if uuid}
        self.by_uuid = {place.uuid: place for place in Place.objects.filter(uuid__in=uuids).select_related("structure")}
        pivots = {row.pivot for row in rows if row.pivot}
        self.by_address: dict[tuple[str, str], Place] = {}
        for place in Place.objects.filter(structure__pivot__in=pivots).select_related("structure"):
            key = PlaceRow(0, "", "", "", "", "", {"address": place.address, "postcode": place.postcode}).address_key
            self.by_address.setdefault((place.structure.pivot, key), place)
        self.structures = {s.pivot: s for s in Structure.objects.filter(pivot__in=pivots)}

    def reject(self, row: PlaceRow, column: str, reason: str) -> None:
        self.report.rejected.append(Issue(row.position, column, reason, row.unit))

    def plan(self) -> list[Step]:
        steps: list[Step] = []
        taken: dict[int, PlaceRow] = {}
        for row in self.rows:
            place = self.by_id.get((row.source, row.external_id))
            uuid = _uuid(row.external_id)
            if place is None and uuid is not None:
                place = self.by_uuid.get(uuid)
            if place is None and row.pivot:
                place = self.by_address.get((row.pivot, row.address_key))
            if place is not None and place.pk in taken:
                first = taken[place.pk]
                self.reject(row, "adresse", f"même SIRET et même adresse que {first.unit} {first.position}.")
                continue
            if place is not None and self.structure is not None and place.structure_id != self.structure.pk:
                self.reject(row, "id", f"ce lieu est déjà rattaché à une autre structure (« {place.structure} »).")
                continue
            if place is not None:
                taken[place.pk] = row
            steps.append(self.step(row, place))
        return steps

    def step(self, row: PlaceRow, place: Place | None) -> Step:
        if self.structure is not None or place is not None:
            return Step(row, place, self.structure, ("", ""))
        if row.pivot:
            key = (row.pivot, row.structure_name)
            if (
                row.pivot not in self.structures
                and f"{row.structure_name} ({row.pivot})" not in self.report.new_structures
            ):
                self.report.new_structures.append(f"{row.structure_name} ({row.pivot})")
            return Step(row, None, self.structures.get(row.pivot), key)
        key = ("", row.source)
        if not Structure.objects.filter(pivot="", name=row.source).exists():
            label = f"{row.source} (sans SIRET)"
            if label not in self.report.new_structures:
                self.report.new_structures.append(label)
        return Step(row, None, None, key)


def _structure_for(step: Step) -> Structure:
    if step.structure is not None:
        return step.structure
    pivot, name = step.structure_key
    existing = Structure.objects.filter(pivot=pivot, **({} if pivot else {"name": name})).first()
    if existing is not None:
        return existing
    return Structure.objects.create(pivot=pivot, name=name, typology=step.row.values.get("typology", []))


def _write(step: Step) -> str:
    """Create or update one place; 'created', 'updated' or 'unchanged'."""
    row, place = step.row, step.place
    if place is None:
        place = Place(structure=_structure_for(step), source=row.source, external_id=row.external_id, **row.values)
        place.save()
        return "created"
    if _unchanged(place, row.values):
        return "unchanged"
    for name, value in row.values.items():
        setattr(place, name, value)
    if not place.external_id and row.external_id != str(place.uuid):  # our own UUID is no source's id
        place.source, place.external_id = row.source, row.external_id
    place.save()
    return "updated"


def _count(report: ImportReport, outcome: str) -> None:
    setattr(report, outcome, getattr(report, outcome) + 1)


def _write_batch(steps: list[Step], report: ImportReport) -> None:
    try:
        with transaction.atomic():
            outcomes = [_write(step) for step in steps]
    except DatabaseError:
        for step in steps:  # the batch was rolled back: each row alone, in its own transaction
            try:
                with transaction.atomic():
                    _count(report, _write(step))
            except DatabaseError as exc:
                reason = f"refusé par la base de données ({exc.__class__.__name__}) : ligne non importée."
                report.rejected.append(Issue(step.row.position, "", reason, step.row.unit))
        return
    for outcome in outcomes:
        _count(report, outcome)


def import_lieux(
    data: bytes,
    name: str,
    *,
    structure: Structure | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import the places of a file (its bytes and name); raise ImportRefused when the file is unusable."""
    raw = read_places(data, name)
    report = ImportReport(dry_run=dry_run, rejected=list(raw.broken))
    find_commune.cache_clear()
    today = timezone.localdate()
    default_source = Path(name).stem[:100]
    rows: list[PlaceRow] = []
    first_seen: dict[tuple[str, str], PlaceRow] = {}
    for record in raw.records:
        result = parse_record(record, default_source=default_source, today=today)
        if isinstance(result, Issue):
            report.rejected.append(result)
            continue
        key = (result.source, result.external_id)
        if key in first_seen:
            first = first_seen[key]
            reason = f"identifiant « {result.external_id} » déjà présent ({first.unit} {first.position})."
            report.rejected.append(Issue(result.position, "id", reason, result.unit))
            continue
        first_seen[key] = result
        report.warnings += result.warnings
        rows.append(result)
    steps = Planner(rows, structure, report).plan()
    if dry_run:
        for step in steps:
            outcome = "created" if step.place is None else "unchanged"
            if step.place is not None and not _unchanged(step.place, step.row.values):
                outcome = "updated"
            _count(report, outcome)
    else:
        for start in range(0, len(steps), batch_size):
            _write_batch(steps[start : start + batch_size], report)
    report.rejected.sort()
    report.warnings.sort()
    return report


def import_lieux_file(path: Path, **kwargs: Any) -> ImportReport:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"Fichier introuvable : {path}.") from None
    except OSError as exc:
        raise ImportRefused(f"Impossible de lire {path} ({exc.strerror}).") from None
    return import_lieux(data, path.name, **kwargs)
