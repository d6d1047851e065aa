"""Bar charts of a report's tables as SVG (matplotlib's object API: safe in a threaded server)."""

from __future__ import annotations

import io

from maillage.reports.tables import Table

TOP = 12


def bar_svg(table: Table) -> str:
    """Horizontal bars of the requests column; masked or empty cells are left out of the drawing."""
    from matplotlib.figure import Figure  # imported on use: matplotlib takes a third of a second to load

    rows = [(str(r[0]), r[2]) for r in table.rows if isinstance(r[2], int)]
    if table.key != "month":
        rows = sorted(rows, key=lambda r: -r[1])[:TOP]
    rows.reverse()
    figure = Figure(figsize=(7, 0.35 * max(len(rows), 2) + 0.9))
    axes = figure.add_subplot()
    if rows:
        labels = [label if len(label) <= 45 else label[:44] + "…" for label, _ in rows]
        axes.barh(labels, [value for _, value in rows], color="#000091")
        for y, (_, value) in enumerate(rows):
            axes.text(value, y, f" {value:,}".replace(",", "\u202f"), va="center", fontsize=8)
    else:
        axes.text(0.5, 0.5, "Aucune donnée affichable", ha="center", va="center")
        axes.set_axis_off()
    axes.set_title(f"Demandes — {table.title.lower()}", fontsize=10, loc="left")
    axes.tick_params(labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
