"""The report as a PDF, set directly: every table row one text run a cell, no layout engine.

WeasyPrint laid out one box per table cell (17,000 for a 1,500-place network: 20 s and more).
Here the page is simple enough to place by hand (`pdf_document.Document`): title, heading,
contents with page numbers and links, then each table (header repeated on every page it spans,
long tables compact and zebra-striped) and its bar chart, drawn as rectangles and text. The PDF
stays tagged (headings, tables with header cells, figures with their alternative text), titled,
in French, with an outline of every section. See docs/adr/0019-direct-report-pdf.md.
"""

from __future__ import annotations

from maillage.reports.compute import Report
from maillage.reports.pdf_document import HEIGHT, WIDTH, Document, Element
from maillage.reports.tables import Table, heading, tables

MM = 72 / 25.4
LEFT, TOP, BOTTOM = 12 * MM, 16 * MM, HEIGHT - 16 * MM
LINE = WIDTH - 2 * LEFT
LONG = 30  # rows from which a table is set compact
BLUE, GREY, INK = "0 0 0.569", "0.333 0.333 0.333", "0.086 0.086 0.086"
HEAD_FILL, ZEBRA, RULE = "0.933 0.933 0.973", "0.949 0.949 0.976", "0.733 0.733 0.733"
CHART_WIDTH = 160 * MM


def _shown(table: Table) -> list[int]:
    """The columns printed: a breakdown's code column (second of nine) is left to the spreadsheets."""
    return [i for i in range(len(table.header)) if not (i == 1 and len(table.header) >= 9)]


class _Sheet:
    """The pages being filled, top to bottom."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.font = doc.font
        self.page = doc.add_page()
        self.y = TOP

    def break_page(self) -> None:
        self.page = self.doc.add_page()
        self.y = TOP

    def room(self, height: float) -> bool:
        """Go to a new page unless `height` fits; True when a page was started."""
        if self.y + height <= BOTTOM:
            return False
        self.break_page()
        return True

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Greedy line breaking on spaces (not on no-break spaces); a word too long is cut."""
        if self.font.width(text, size) <= width:
            return [text]
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            candidate = f"{current} {word}" if current else word
            if self.font.width(candidate, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while self.font.width(current, size) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and self.font.width(current[:cut], size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
        return lines

    def paragraph(
        self,
        parent: Element,
        role: str,
        text: str,
        size: float,
        color: str = INK,
        bold: bool = False,
        x: float = LEFT,
        width: float = LINE,
    ) -> None:
        lines = self.wrap(text, width, size)
        leading = size * 1.25
        self.room(leading * len(lines))
        element = parent.add(role)
        ops = []
        for line in lines:
            self.y += leading
            ops.append(self.doc.text(x, self.y - size * 0.25, line, size, color, bold))
        self.doc.marked(self.page, element, ops)


def _heading(sheet: _Sheet, parent: Element, report: Report) -> None:
    size, leading, label_width = 8.5, 8.5 * 1.3, 38 * MM
    for label, text in heading(report):
        lines = sheet.wrap(text, LINE - label_width, size)
        line = parent.add("/P")
        ops = [sheet.doc.text(LEFT, sheet.y + size, label, size, bold=True)]
        for i, part in enumerate(lines):
            ops.append(sheet.doc.text(LEFT + label_width, sheet.y + size + i * leading, part, size))
        sheet.doc.marked(sheet.page, line, ops)
        sheet.y += leading * len(lines) + 0.5 * MM
    sheet.y += 3 * MM


def _contents(sheet: _Sheet, parent: Element, titles: list[str]) -> list[tuple[int, int, float, str]]:
    """The contents' lines, their page numbers left to fill: (page, op index, top, title)."""
    sheet.y += 3 * MM
    sheet.paragraph(parent, "/H2", "Sommaire", 11, BLUE, bold=True)
    sheet.y += 2 * MM
    toc = parent.add("/TOC")
    slots = []
    for title in titles:
        sheet.room(8.5 * 1.35)
        sheet.y += 8.5 * 1.35
        item = toc.add("/TOCI")
        sheet.doc.marked(sheet.page, item, [""])
        slots.append((sheet.page, len(sheet.doc.pages[sheet.page].ops) - 2, sheet.y, title))
    sheet.y += 3 * MM
    return slots


def _fill_contents(doc: Document, slots: list[tuple[int, int, float, str]], starts: list[tuple[int, float]]) -> None:
    size, dot = 8.5, doc.font.width(".", 8.5)
    for (page, index, top, title), (target, target_top) in zip(slots, starts, strict=True):
        number = str(target + 1)
        room = LINE - 6 * MM - doc.font.width(f"{title}  {number}", size)
        line = f"{title} {'.' * max(int(room / dot), 3)} {number}"
        doc.pages[page].ops[index] = doc.text(LEFT + 6 * MM, top - 2, line, size)
        doc.link(page, (LEFT, top - size * 1.2, LINE, size * 1.35), target, target_top)


class _Grid:
    """One table's geometry: column edges, font size, padding. Each figure column is as wide as its
    widest cell or header word when the page allows; else every column keeps at least its widest
    word (a word is cut only when even those do not fit) and shares the rest by what it lacks."""

    def __init__(self, sheet: _Sheet, header: list[str], cells: list[list[str]]) -> None:
        self.compact = len(cells) > LONG
        self.size = size = 7.0 if self.compact else 8.5
        self.pad_x, self.pad_y = (1 * MM, 0.4 * MM) if self.compact else (1.5 * MM, 1 * MM)
        self.leading = size * 1.2
        width = sheet.font.width
        pad = 2 * self.pad_x + 1
        desired, least = [], []
        for j, title in enumerate(header[1:], start=1):
            column = [row[j] for row in cells]
            head = max([width(word, size) for word in title.split()] or [0])
            desired.append(max([head] + [width(text, size) for text in column]) + pad)
            least.append(max([head] + [width(word, size) for text in set(column) for word in text.split()]) + pad)
        if self.compact:
            first = 0.34 * LINE
        else:
            widest = max([width(row[0], size) for row in cells] or [0])
            first = min(0.45 * LINE, max(0.25 * LINE, widest + pad))
        if first + sum(desired) <= LINE:
            spare = LINE - first - sum(desired)
            others = [need + spare / max(len(desired), 1) for need in desired]
        else:  # the label column gives way first, down to a fifth of the line
            first = min(first, max(LINE - sum(desired), 0.2 * LINE))
            room = LINE - first
            if sum(least) >= room:  # even the widest words do not fit: all shrink, words are cut
                others = [need * room / sum(least) for need in least]
            else:  # every column gets its widest word, the rest goes to what each lacks
                lacking = [want - need for want, need in zip(desired, least, strict=True)]
                extra = room - sum(least)
                others = [need + extra * lack / (sum(lacking) or 1) for need, lack in zip(least, lacking, strict=True)]
        self.widths = [first, *others]
        self.edges = [LEFT]
        for w in self.widths:
            self.edges.append(self.edges[-1] + w)


def _wrapped(sheet: _Sheet, grid: _Grid, texts: list[str]) -> list[list[str]]:
    return [sheet.wrap(t, w - 2 * grid.pad_x, grid.size) for t, w in zip(texts, grid.widths, strict=True)]


def _row(
    sheet: _Sheet,
    grid: _Grid,
    parent: Element | None,
    wrapped: list[list[str]],
    *,
    header: bool,
    fill: str | None,
    rule: bool,
) -> None:
    """Draw one row at the sheet's cursor; `parent` None: a repeated header, drawn as an artifact."""
    height = max(len(lines) for lines in wrapped) * grid.leading + 2 * grid.pad_y
    doc, top = sheet.doc, sheet.y
    furniture = []
    if fill:
        furniture.append(doc.rect(LEFT, top, LINE, height, fill))
    if rule:
        furniture.append(doc.rect(LEFT, top + height - 0.3, LINE, 0.3, RULE))
    if furniture:
        doc.artifact(sheet.page, furniture)
    row = parent.add("/TR") if parent else None
    for column, lines in enumerate(wrapped):
        ops = []
        for i, line in enumerate(lines):
            baseline = top + grid.pad_y + grid.size * 0.95 + i * grid.leading
            if column == 0:
                x = grid.edges[0] + grid.pad_x
            else:
                x = grid.edges[column + 1] - grid.pad_x - doc.font.width(line, grid.size)
            ops.append(doc.text(x, baseline, line, grid.size, bold=header))
        if row is None:
            doc.artifact(sheet.page, ops)
        elif header:
            doc.marked(sheet.page, row.add("/TH", attributes="<</O /Table /Scope /Column>>"), ops)
        else:
            doc.marked(sheet.page, row.add("/TD"), ops)
    sheet.y = top + height


def _table(sheet: _Sheet, section: Element, table: Table) -> None:
    from maillage.reports.exports import french_number

    columns = _shown(table)
    cells = [[french_number(row[i]) or "—" for i in columns] for row in table.rows]
    titles = [table.header[i] for i in columns]
    grid = _Grid(sheet, titles, cells)
    element = section.add("/Table")
    header = _wrapped(sheet, grid, titles)
    _row(sheet, grid, element.add("/THead"), header, header=True, fill=HEAD_FILL, rule=False)
    body = element.add("/TBody")
    for index, texts in enumerate(cells):
        wrapped = _wrapped(sheet, grid, texts)
        if sheet.room(max(len(lines) for lines in wrapped) * grid.leading + 2 * grid.pad_y):
            _row(sheet, grid, None, header, header=True, fill=HEAD_FILL, rule=False)  # again on each page
        zebra = ZEBRA if grid.compact and index % 2 else None
        _row(sheet, grid, body, wrapped, header=False, fill=zebra, rule=not grid.compact)
    sheet.y += 2 * MM


def _chart(sheet: _Sheet, section: Element, table: Table) -> None:
    from maillage.reports.charts import HEAD, LABELS, ROW, bars, short_label
    from maillage.reports.charts import WIDTH as UNITS

    rows = bars(table)
    scale = CHART_WIDTH / UNITS
    height = (HEAD + ROW * max(len(rows), 2) + 8) * scale
    sheet.room(height + 6 * MM)
    sheet.y += 2 * MM
    doc, top, size = sheet.doc, sheet.y, 11 * scale
    ops = [doc.text(LEFT, top + 16 * scale, f"Demandes — {table.title.lower()}", 13 * scale)]
    if not rows:
        ops.append(
            doc.text(LEFT + CHART_WIDTH / 2 - 30 * MM, top + (HEAD + ROW) * scale, "Aucune donnée affichable", size)
        )
    else:
        largest = max(max(value for _, value in rows), 1)
        for i, (label, value) in enumerate(rows):
            y = top + (HEAD + i * ROW) * scale
            width = value * (UNITS - LABELS - 80) / largest * scale
            ops.append(doc.rect(LEFT + LABELS * scale, y + 3 * scale, width, (ROW - 6) * scale, BLUE))
            label = short_label(label)
            x = LEFT + (LABELS - 6) * scale - doc.font.width(label, size)
            ops.append(doc.text(x, y + 15 * scale, label, size))
            number = f"{value:,}".replace(",", "\u202f")
            ops.append(doc.text(LEFT + LABELS * scale + width + 4 * scale, y + 15 * scale, number, 10 * scale))
        bottom = (HEAD + ROW * len(rows)) * scale
        ops.append(doc.rect(LEFT + LABELS * scale - 0.5, top + HEAD * scale, 0.7, bottom - HEAD * scale, "0.4 0.4 0.4"))
    doc.marked(sheet.page, section.add("/Figure", alt=f"Graphique : {table.title}"), ops)
    sheet.y = top + height + 4 * MM


def _footers(doc: Document, title: str) -> None:
    count = len(doc.pages)
    for page in range(count):
        left = doc.text(LEFT, HEIGHT - 8 * MM, f"Maillage — {title}", 8, GREY)
        label = f"Page {page + 1} sur {count}"
        right = doc.text(WIDTH - LEFT - doc.font.width(label, 8), HEIGHT - 8 * MM, label, 8, GREY)
        doc.artifact(page, [left, right])


def to_pdf(report: Report) -> bytes:
    from django.utils import timezone

    doc = Document(report.title)
    sheet = _Sheet(doc)
    root = doc.root
    sheet.paragraph(root, "/H1", report.title, 15, BLUE, bold=True)
    sheet.y += 4 * MM
    _heading(sheet, root, report)
    sections = tables(report)
    slots = _contents(sheet, root, [t.title for t in sections]) if len(sections) > 3 else []
    starts = []
    for table in sections:
        part = root.add("/Sect")
        rows = min(len(table.rows), 2) + 1
        sheet.room(6 * MM + 11 * 1.25 + 2 * MM + rows * 8.5 * 1.2 * 1.6)  # the title never alone at a page's foot
        sheet.y += 6 * MM
        starts.append((sheet.page, sheet.y))
        doc.bookmark(table.title, sheet.page, sheet.y)
        sheet.paragraph(part, "/H2", table.title, 11, BLUE, bold=True)
        sheet.y += 2 * MM
        if not table.rows:
            sheet.paragraph(part, "/P", "Aucune donnée sur la période.", 7.5, GREY)
            continue
        _table(sheet, part, table)
        if table.chart:
            _chart(sheet, part, table)
    printed = f"{timezone.localtime():%d/%m/%Y à %H:%M}"
    sheet.y += 2 * MM
    sheet.paragraph(
        root,
        "/P",
        f"Produit par Maillage le {printed}. Les personnes sont comptées une fois par dossier (avec consentement) "
        "et une fois par passage anonyme.",
        7.5,
        GREY,
    )
    _fill_contents(doc, slots, starts)
    _footers(doc, report.title)
    return doc.write()
