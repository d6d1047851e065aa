"""A tagged PDF written directly: pages of text runs and rectangles, a structure tree, an outline.

No layout engine: the caller places every run itself (`pdf_layout.py`), which is what makes a
1,500-row table cheap (one text run a cell, not one layout box). What this module writes:
one embedded TrueType font (DejaVu Sans, subset to the characters used, with a ToUnicode map so
the text can be copied and read aloud), one marked-content sequence per structure element leaf
(paragraph, heading, table cell, figure), the structure tree and its parent tree, page furniture
as artifacts, link annotations, an outline, the title and the language. The file itself is
written by `pdf_file.py`.
"""

from __future__ import annotations

import io
import logging
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core
WIDTH, HEIGHT = 595.28, 841.89  # A4 in points
BOLD_STROKE = 0.28  # a bold run is the regular glyphs filled and stroked (one font embedded)


class _Codes(dict[int, str]):
    def __missing__(self, code: int) -> str:
        return "0000"  # a character the font lacks: its empty box, never a broken string


class Font:
    """The metrics and glyph ids of one TrueType font, read once per process."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True) as font:  # read, then closed
            scale = 1000 / font["head"].unitsPerEm
            order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
            metrics = font["hmtx"].metrics
            self.path = path
            self.name = font["name"].getDebugName(6) or "DejaVuSans"
            self.advance: dict[str, float] = {}
            self.glyph: dict[str, str] = {}
            self.codes = _Codes()  # for str.translate: character -> its glyph id in hex
            for code, glyph in font.getBestCmap().items():
                self.advance[chr(code)] = metrics[glyph][0] * scale
                self.glyph[chr(code)] = self.codes[code] = f"{order[glyph]:04X}"
            self.missing = metrics[".notdef"][0] * scale
            self.widths: dict[str, float] = {}
            head, os2 = font["head"], font["OS/2"]
            self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
            self.ascent, self.descent = round(os2.sTypoAscender * scale), round(os2.sTypoDescender * scale)
            self.cap_height = round(getattr(os2, "sCapHeight", 700) * scale)

    def width(self, text: str, size: float) -> float:
        known = self.widths.get(text)
        if known is None:
            advance, missing = self.advance, self.missing
            known = self.widths[text] = sum(advance.get(c, missing) for c in text)
            if len(self.widths) > 100_000:  # runs repeat (numbers, labels): keep a bounded memo
                self.widths.clear()
        return known * size / 1000

    def encode(self, text: str) -> str:
        return text.translate(self.codes)


@lru_cache(maxsize=1)
def font() -> Font:
    if not FONT.is_file():
        raise RuntimeError(
            f"Police introuvable pour le PDF du rapport : {FONT} (paquet Debian fonts-dejavu-core, "
            "installé par « make run »)."
        )
    return Font(FONT)


# Always in the subset, so that one subset per process serves nearly every report: Latin-1,
# Latin Extended-A, the typographic spaces, quotes, dashes and signs of French text.
BASE = frozenset(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2050), 0x20AC, 0x2212])


def characters(used: set[str]) -> frozenset[str]:
    return BASE | frozenset(used)


@lru_cache(maxsize=8)
def subset(path: Path, characters: frozenset[str]) -> tuple[bytes, int]:
    """The font with only these characters' glyphs, glyph ids kept (so runs encode the same)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter reports every table at INFO
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in characters])
    out = io.BytesIO()
    with TTFont(str(path)) as ttf:
        subsetter.subset(ttf)
        ttf.save(out)
    program = out.getvalue()
    return zlib.compress(program, 6), len(program)


@dataclass
class Element:
    """A node of the structure tree: a role (/H1, /Table, /TD...) and its kids, elements or
    marked content (page index, MCID)."""

    role: str
    kids: list[Element | tuple[int, int]] = field(default_factory=list)
    alt: str | None = None
    attributes: str | None = None  # raw PDF dictionary, e.g. table header scope
    parent: Element | None = None
    number: int = 0  # its object number, once written

    def add(self, role: str, alt: str | None = None, attributes: str | None = None) -> Element:
        child = Element(role, alt=alt, attributes=attributes, parent=self)
        self.kids.append(child)
        return child


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)
    owners: list[Element] = field(default_factory=list)  # MCID -> element
    links: list[tuple[tuple[float, float, float, float], int, float]] = field(default_factory=list)


class Document:
    """Pages in points from the top left, text in one font, tagged as it is drawn."""

    def __init__(self, title: str, lang: str = "fr") -> None:
        self.title, self.lang = title, lang
        self.font = font()
        self.pages: list[Page] = []
        self.root = Element("/Document")
        self.outline: list[tuple[str, int, float]] = []
        self.used: set[str] = set()

    def add_page(self) -> int:
        self.pages.append(Page())
        return len(self.pages) - 1

    def marked(self, page: int, element: Element, ops: list[str]) -> None:
        """Draw `ops` as one marked-content sequence owned by `element`."""
        target = self.pages[page]
        mcid = len(target.owners)
        target.owners.append(element)
        element.kids.append((page, mcid))
        target.ops.append(f"/{element.role[1:]} <</MCID {mcid}>> BDC")
        target.ops.extend(ops)
        target.ops.append("EMC")

    def artifact(self, page: int, ops: list[str]) -> None:
        """Draw `ops` outside the structure: page furniture, backgrounds, rules."""
        target = self.pages[page].ops
        target.append("/Artifact BMC")
        target.extend(ops)
        target.append("EMC")

    def text(
        self, x: float, top: float, text: str, size: float, color: str = "0.086 0.086 0.086", bold: bool = False
    ) -> str:
        """The operators of one run whose baseline is `top` points from the page's top."""
        self.used.update(text)
        style = f"{color} RG {BOLD_STROKE} w 2 Tr " if bold else ""
        return (
            f"BT {style}{color} rg /F1 {size:g} Tf {x:.2f} {HEIGHT - top:.2f} Td <{self.font.encode(text)}> Tj ET"
            + (" 0 Tr" if bold else "")
        )

    @staticmethod
    def rect(x: float, top: float, width: float, height: float, color: str) -> str:
        return f"{color} rg {x:.2f} {HEIGHT - top - height:.2f} {width:.2f} {height:.2f} re f"

    def link(self, page: int, box: tuple[float, float, float, float], target: int, target_top: float) -> None:
        self.pages[page].links.append((box, target, target_top))

    def bookmark(self, title: str, page: int, top: float) -> None:
        self.outline.append((title, page, top))

    def write(self) -> bytes:
        from maillage.reports.pdf_file import write

        return write(self)
