"""The chain as a drawing (SVG with matplotlib): structures on a circle, arrows weighted by referrals."""

from __future__ import annotations

import io
import math

from maillage.referrals.chain import Chain


def chain_svg(chain: Chain) -> str:
    import matplotlib  # imported on use: matplotlib takes a third of a second to load

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    names = chain.structures
    fig, ax = plt.subplots(figsize=(8, 8))
    ax.set_axis_off()
    if not names:
        ax.text(0.5, 0.5, "Aucune orientation sur la période", ha="center", va="center")
    positions = {
        name: (math.cos(2 * math.pi * i / len(names)), math.sin(2 * math.pi * i / len(names)))
        for i, name in enumerate(names)
    }
    top = max((link.sent + link.upstream for link in chain.links), default=1)
    for link in chain.links:
        (x1, y1), (x2, y2) = positions[link.source], positions[link.target]
        weight = link.sent + link.upstream
        ax.annotate(
            "",
            xy=(x2 * 0.9, y2 * 0.9),
            xytext=(x1 * 0.9, y1 * 0.9),
            arrowprops={
                "arrowstyle": "-|>",
                "lw": 0.5 + 4 * weight / top,
                "color": "#000091",
                "alpha": 0.7,
                "connectionstyle": "arc3,rad=0.15",
            },
        )
        ax.text((x1 + x2) / 2 * 0.9, (y1 + y2) / 2 * 0.9, str(weight), fontsize=8, color="#3a3a3a")
    for name, (x, y) in positions.items():
        ax.scatter([x], [y], s=300, color="#6a6af4", zorder=3)
        ax.text(x * 1.12, y * 1.12, name, ha="center", va="center", fontsize=8, wrap=True)
    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.5, 1.5)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()
