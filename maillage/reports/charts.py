"""Bar charts of a report's tables as SVG, written directly.

A chart is a dozen rectangles and their labels: writing the SVG takes well under a millisecond,
where a plotting library took a quarter of a second per chart and drew every letter as a path
(heavy for the PDF renderer). The same figures always give the same SVG, byte for byte.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from maillage.reports.tables import Table

TOP = 12
WIDTH = 700  # user units; the PDF shows the chart 160 mm wide
LABELS = 270  # right edge of the labels, left edge of the bars
ROW = 22
HEAD = 34
BLUE = "#000091"


def bars(table: Table) -> list[tuple[str, int]]:
    """The rows drawn, top to bottom: months in order, other breakdowns the TOP largest first."""
    rows = [(str(r[0]), r[2]) for r in table.rows if isinstance(r[2], int) and not isinstance(r[2], bool)]
    if table.key != "month":
        rows = sorted(rows, key=lambda r: -r[1])[:TOP]
    return rows


def short_label(label: str) -> str:
    return label if len(label) <= 45 else label[:44] + "…"


def bar_svg(table: Table) -> str:
    """Horizontal bars of the requests column; masked or empty cells are left out of the drawing."""
    rows = bars(table)
    height = HEAD + ROW * max(len(rows), 2) + 8
    title = f"Demandes — {table.title.lower()}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, sans-serif" font-size="11" fill="#161616">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13">{escape(title)}</text>',
    ]
    if not rows:
        parts.append(f'<text x="{WIDTH // 2}" y="{HEAD + ROW}" text-anchor="middle">Aucune donnée affichable</text>')
    else:
        scale = (WIDTH - LABELS - 80) / max(max(value for _, value in rows), 1)
        for i, (label, value) in enumerate(rows):
            y = HEAD + i * ROW
            width = round(value * scale, 1)
            parts.append(f'<rect x="{LABELS}" y="{y + 3}" width="{width}" height="{ROW - 6}" fill="{BLUE}"/>')
            parts.append(f'<text x="{LABELS - 6}" y="{y + 15}" text-anchor="end">{escape(short_label(label))}</text>')
            number = f"{value:,}".replace(",", "\u202f")
            parts.append(f'<text x="{LABELS + width + 4}" y="{y + 15}" font-size="10">{number}</text>')
        bottom = HEAD + ROW * len(rows)
        parts.append(f'<path d="M{LABELS} {HEAD}V{bottom}" stroke="#666" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)
