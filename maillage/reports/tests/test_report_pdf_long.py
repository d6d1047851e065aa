"""A long report's PDF, set row by row: every place a tagged table row, its header on each page,
one outline entry a section, the contents' lines linking to the pages they announce."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from maillage.counter.models import Request, Visit
from maillage.factories import PlaceFactory
from maillage.network.enums import ProcedureDomain
from maillage.reports import rollup
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.reports.tests.helpers import seed, when

PLACES = 90  # more than a page of the compact table


@pytest.fixture
def long_report(cast: Any) -> Any:
    seed(cast, visits=30)
    rows = []
    for i in range(PLACES):
        place = PlaceFactory(structure=cast.structure_a, name=f"France Services n° {i:03d} — Saint-Étienne-du-Rouvray")
        for day in range(1 + i % 3):
            rows.append(
                Request(
                    visit=Visit.objects.create(),
                    structure=cast.structure_a,
                    place=place,
                    mediator=cast.mediator_a,
                    occurred_at=when(2025, 1 + i % 12, 1 + day),
                    duration_minutes=10,
                    domain=ProcedureDomain.SOCIAL_HEALTH,
                )
            )
    Request.objects.bulk_create(rows)
    rollup.refresh()
    return build_report(resolve_scope("network", str(cast.network_a.pk)), parse_period("2025"))


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """The text drawn inside each marked-content sequence: (page index, MCID) -> text."""
    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(reader.pages):
        _read_marks(page, index, texts)
    return texts


def _read_marks(page: Any, index: int, texts: dict[tuple[int, int], str]) -> None:
    stack: list[int | None] = []

    def before(operator: bytes, operands: Any, *_: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(chunk: str, *_: Any) -> None:
        if stack and stack[-1] is not None:
            key = (index, int(stack[-1]))
            texts[key] = texts.get(key, "") + chunk

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def _number(page: Any) -> int:
    return int(page.indirect_reference.idnum)


class _Tree:
    """The PDF's structure tree, read back: roles, and the text each element owns."""

    def __init__(self, reader: PdfReader) -> None:
        self.marked = _marked_texts(reader)
        self.pages = {_number(page): i for i, page in enumerate(reader.pages)}
        catalog: Any = reader.trailer["/Root"]
        self.root = catalog["/StructTreeRoot"]

    def kids(self, element: Any) -> list[Any]:
        kids = element.get("/K", [])
        return list(kids) if isinstance(kids, list) else [kids]

    def find(self, role: str, element: Any = None) -> list[Any]:
        found = []
        for kid in self.kids(element if element is not None else self.root):
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
                if kid["/S"] == role:
                    found.append(kid)
                found += self.find(role, kid)
        return found

    def text(self, element: Any) -> str:
        parts = []
        for kid in self.kids(element):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                parts.append(self.marked.get((self.pages[element.raw_get("/Pg").idnum], kid), ""))
            elif kid.get("/Type") == "/MCR":
                parts.append(self.marked.get((self.pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])), ""))
            elif "/S" in kid:
                parts.append(self.text(kid))
        return " ".join(" ".join(parts).split())


def test_every_place_is_one_row_of_the_tagged_table_under_one_header(long_report: Any) -> None:
    reader = PdfReader(io.BytesIO(render(long_report, "pdf")))
    tree = _Tree(reader)
    places = next(t for t in tables(long_report) if t.key == "place")
    assert len(places.rows) > PLACES
    table = next(t for t in tree.find("/Table") if str(places.rows[0][0]) in tree.text(t))
    rows = tree.find("/TR", table)
    assert len(rows) == len(places.rows) + 1, "the header repeated on each page is not read again"
    header = tree.find("/TH", rows[0])
    assert [tree.text(th) for th in header][:3] == ["Libellé", "Demandes", "Personnes"]
    assert all(th["/A"]["/Scope"] == "/Column" for th in header)
    labels = [tree.text(tree.find("/TD", row)[0]) for row in rows[1:]]
    assert labels == [" ".join(str(r[0]).split()) for r in places.rows]


def test_a_table_longer_than_a_page_repeats_its_header_on_each_page(long_report: Any) -> None:
    reader = PdfReader(io.BytesIO(render(long_report, "pdf")))
    pages = ["".join(page.extract_text().split()) for page in reader.pages]
    places = next(t for t in tables(long_report) if t.key == "place")
    spanned = [i for i, text in enumerate(pages) if any("".join(str(r[0]).split()) in text for r in places.rows)]
    assert len(spanned) >= 2
    for i in spanned:
        assert "LibelléDemandesPersonnes" in pages[i], f"page {i + 1} sans l'en-tête du tableau"
        assert f"Page{i + 1}sur{len(pages)}" in pages[i]


def test_the_outline_has_one_entry_per_section_leading_to_its_page(long_report: Any) -> None:
    reader = PdfReader(io.BytesIO(render(long_report, "pdf")))
    titles = [t.title for t in tables(long_report)]
    entries: list[Any] = list(reader.outline)
    assert not any(isinstance(entry, list) for entry in entries), "every section at the outline's first level"
    assert [entry.title for entry in entries] == titles
    for entry in entries:
        page: Any = reader.get_destination_page_number(entry)
        assert entry.title in reader.pages[page].extract_text(), f"« {entry.title} » absent de sa page"


def test_each_line_of_the_contents_links_to_the_page_it_announces(long_report: Any) -> None:
    reader = PdfReader(io.BytesIO(render(long_report, "pdf")))
    first = reader.pages[0]
    announced = [int(n) for n in re.findall(r" \.+ +(\d+)", first.extract_text())]
    assert len(announced) == len(tables(long_report))
    numbers = {_number(page): i + 1 for i, page in enumerate(reader.pages)}
    links = [a.get_object() for a in first.get("/Annots", [])]
    targets = [numbers[link["/Dest"][0].idnum] for link in links if link.get("/Subtype") == "/Link"]
    assert targets == announced
    assert announced[-1] > announced[0]


def test_a_crowded_table_keeps_its_header_words_whole() -> None:
    """Eight columns and a text column: the label gives way and the text column wraps at its spaces,
    so no header word is cut across lines (« Demande / s » was printed before)."""
    from maillage.reports.pdf import _Grid, _Sheet, _wrapped
    from maillage.reports.pdf_document import Document

    sheet = _Sheet(Document("Essai"))
    header = ["Libellé", "Demandes", "Personnes", "Part des demandes", "Temps (heures)", "Résolues sur place"]
    header += ["Demandes, période précédente", "Évolution"]
    cells = [["Déclaration trimestrielle de ressources", "14", "13", "4,4 %", "4,2", "10", "2"]]
    cells[0].append("période précédente incomplète")
    grid = _Grid(sheet, header, cells)
    assert round(sum(grid.widths), 3) == round(595.28 - 2 * 12 * 72 / 25.4, 3)  # the whole line, no more
    for title, lines in zip(header, _wrapped(sheet, grid, header), strict=True):
        assert " ".join(lines).split() == title.split(), lines  # each line ends at a space
    wrapped = _wrapped(sheet, grid, cells[0])
    assert all(" ".join(lines).split() == text.split() for text, lines in zip(cells[0], wrapped, strict=True))
