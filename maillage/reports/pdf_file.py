"""The bytes of a `pdf_document.Document`: objects packed in a compressed object stream, a
cross-reference stream (PDF 1.7). Written with f-strings: a large report has some 20,000
structure elements, and a general PDF object library spent more time serializing them than
the whole layout took."""

from __future__ import annotations

import hashlib
import zlib
from datetime import UTC, datetime

from maillage.reports.pdf_document import HEIGHT, WIDTH, Document, Element, characters, subset

LEVEL = 6  # zlib: level 9 took twice as long for 1 % less


def text_string(value: str) -> str:
    """A PDF text string: plain ASCII as is, otherwise UTF-16 with its byte order mark."""
    if value.isascii() and value.isprintable() and not any(c in value for c in "()\\"):
        return f"({value})"
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


class _File:
    def __init__(self) -> None:
        self.packed: dict[int, str] = {}  # object number -> body, in the object stream
        self.streams: dict[int, tuple[str, bytes]] = {}  # object number -> (dictionary, data)
        self.count = 0

    def reserve(self) -> int:
        self.count += 1
        return self.count

    def put(self, number: int, body: str) -> int:
        self.packed[number] = body
        return number

    def add(self, body: str) -> int:
        return self.put(self.reserve(), body)

    def stream(self, data: bytes, entries: str = "", *, compressed: bool = False) -> int:
        if not compressed:
            data = zlib.compress(data, LEVEL)
        number = self.reserve()
        self.streams[number] = (f"<</Filter /FlateDecode /Length {len(data)}{entries}>>", data)
        return number

    def bytes(self, root: int, info: int, seed: str) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets: dict[int, tuple[int, int, int]] = {}
        for number, (entries, data) in self.streams.items():
            offsets[number] = (1, len(out), 0)
            out += f"{number} 0 obj\n{entries}\nstream\n".encode("ascii") + data + b"\nendstream\nendobj\n"
        holder = self.reserve()
        index, bodies, position = [], [], 0
        for i, (number, body) in enumerate(sorted(self.packed.items())):
            offsets[number] = (2, holder, i)
            index.append(f"{number} {position}")
            encoded = body.encode("ascii")
            bodies.append(encoded)
            position += len(encoded) + 1
        head = " ".join(index).encode("ascii") + b"\n"
        data = zlib.compress(head + b"\n".join(bodies), LEVEL)
        offsets[holder] = (1, len(out), 0)
        entries = f"<</Type /ObjStm /N {len(bodies)} /First {len(head)} /Filter /FlateDecode /Length {len(data)}>>"
        out += f"{holder} 0 obj\n{entries}\nstream\n".encode("ascii") + data + b"\nendstream\nendobj\n"
        xref = self.reserve()
        offsets[xref] = (1, len(out), 0)
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        for number in range(1, xref + 1):
            kind, a, b = offsets[number]
            rows.append(bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big"))
        table = zlib.compress(b"".join(rows), LEVEL)
        identifier = hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().upper()
        entries = (
            f"<</Type /XRef /Size {xref + 1} /W [1 4 2] /Root {root} 0 R /Info {info} 0 R "
            f"/ID [<{identifier}> <{identifier}>] /Filter /FlateDecode /Length {len(table)}>>"
        )
        start = len(out)
        out += f"{xref} 0 obj\n{entries}\nstream\n".encode("ascii") + table + b"\nendstream\nendobj\n"
        out += f"startxref\n{start}\n%%EOF\n".encode("ascii")
        return bytes(out)


def write(doc: Document) -> bytes:
    file = _File()
    root, pages_node, tree = file.reserve(), file.reserve(), file.reserve()
    font = _font(file, doc)
    page_numbers = [file.reserve() for _ in doc.pages]
    _elements(file, doc.root, tree, page_numbers)
    for index, (page, number) in enumerate(zip(doc.pages, page_numbers, strict=True)):
        content = file.stream("\n".join(page.ops).encode("ascii"))
        annots = " ".join(f"{_link(file, link, page_numbers)} 0 R" for link in page.links)
        file.put(
            number,
            f"<</Type /Page /Parent {pages_node} 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Contents {content} 0 R "
            f"/Resources <</Font <</F1 {font} 0 R>>>> /StructParents {index} /Tabs /S"
            + (f" /Annots [{annots}]" if annots else "")
            + ">>",
        )
    kids = " ".join(f"{n} 0 R" for n in page_numbers)
    file.put(pages_node, f"<</Type /Pages /Kids [{kids}] /Count {len(page_numbers)}>>")
    nums = " ".join(f"{i} [{' '.join(f'{e.number} 0 R' for e in page.owners)}]" for i, page in enumerate(doc.pages))
    parent_tree = file.add(f"<</Nums [{nums}]>>")
    file.put(
        tree,
        f"<</Type /StructTreeRoot /K {doc.root.number} 0 R /ParentTree {parent_tree} 0 R "
        f"/ParentTreeNextKey {len(doc.pages)}>>",
    )
    outline = f" /Outlines {_outline(file, doc, page_numbers)} 0 R /PageMode /UseOutlines" if doc.outline else ""
    file.put(
        root,
        f"<</Type /Catalog /Pages {pages_node} 0 R /Lang {text_string(doc.lang)} /MarkInfo <</Marked true>> "
        f"/StructTreeRoot {tree} 0 R /ViewerPreferences <</DisplayDocTitle true>>{outline}>>",
    )
    now = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    info = file.add(f"<</Title {text_string(doc.title)} /Producer (Maillage) /CreationDate ({now})>>")
    return file.bytes(root, info, doc.title + now)


def _elements(file: _File, element: Element, parent: int, pages: list[int]) -> None:
    """Structure elements, numbered parents first (a kid names its parent)."""
    number = element.number = file.reserve()
    marks = {kid[0] for kid in element.kids if isinstance(kid, tuple)}
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            _elements(file, kid, number, pages)
            kids.append(f"{kid.number} 0 R")
        elif len(marks) == 1:
            kids.append(str(kid[1]))
        else:
            kids.append(f"<</Type /MCR /Pg {pages[kid[0]]} 0 R /MCID {kid[1]}>>")
    extra = f" /Pg {pages[next(iter(marks))]} 0 R" if len(marks) == 1 else ""
    if element.alt:
        extra += f" /Alt {text_string(element.alt)}"
    if element.attributes:
        extra += f" /A {element.attributes}"
    file.put(number, f"<</Type /StructElem /S {element.role} /P {parent} 0 R{extra} /K [{' '.join(kids)}]>>")


def _link(file: _File, link: tuple[tuple[float, float, float, float], int, float], pages: list[int]) -> int:
    (x, top, width, height), target, target_top = link
    return file.add(
        f"<</Type /Annot /Subtype /Link /Rect [{x:.2f} {HEIGHT - top - height:.2f} {x + width:.2f} {HEIGHT - top:.2f}] "
        f"/Border [0 0 0] /Dest [{pages[target]} 0 R /XYZ 0 {HEIGHT - target_top:.2f} 0]>>"
    )


def _outline(file: _File, doc: Document, pages: list[int]) -> int:
    root = file.reserve()
    items = [file.reserve() for _ in doc.outline]
    for i, (number, (title, page, top)) in enumerate(zip(items, doc.outline, strict=True)):
        links = f" /Prev {items[i - 1]} 0 R" if i else ""
        links += f" /Next {items[i + 1]} 0 R" if i + 1 < len(items) else ""
        file.put(
            number,
            f"<</Title {text_string(title)} /Parent {root} 0 R{links} "
            f"/Dest [{pages[page]} 0 R /XYZ 0 {HEIGHT - top:.2f} 0]>>",
        )
    return file.put(root, f"<</Type /Outlines /First {items[0]} 0 R /Last {items[-1]} 0 R /Count {len(items)}>>")


def _font(file: _File, doc: Document) -> int:
    """DejaVu Sans as a Type 0 font, Identity-H (two bytes a glyph id), subset, with its ToUnicode map."""
    metrics = doc.font
    used = sorted(c for c in doc.used if c in metrics.glyph)
    program, length = subset(metrics.path, characters(doc.used))
    data = file.stream(program, f" /Length1 {length}", compressed=True)
    name = "/MAILLA+" + metrics.name.replace(" ", "")
    bbox = " ".join(str(v) for v in metrics.bbox)
    descriptor = file.add(
        f"<</Type /FontDescriptor /FontName {name} /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 "
        f"/Ascent {metrics.ascent} /Descent {metrics.descent} /CapHeight {metrics.cap_height} /StemV 80 "
        f"/FontFile2 {data} 0 R>>"
    )
    glyphs = {metrics.glyph[c]: c for c in used}
    widths = " ".join(f"{int(g, 16)} [{metrics.advance[c]:.0f}]" for g, c in sorted(glyphs.items()))
    cid = file.add(
        f"<</Type /Font /Subtype /CIDFontType2 /BaseFont {name} "
        f"/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "
        f"/FontDescriptor {descriptor} 0 R /W [{widths}] /DW {round(metrics.missing)} /CIDToGIDMap /Identity>>"
    )
    unicode = file.stream(_to_unicode(glyphs))
    return file.add(
        f"<</Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
        f"/DescendantFonts [{cid} 0 R] /ToUnicode {unicode} 0 R>>"
    )


def _to_unicode(glyphs: dict[str, str]) -> bytes:
    """The CMap that turns glyph ids back into text (copying, searching, screen readers)."""
    pairs = [f"<{g}> <{c.encode('utf-16-be').hex().upper()}>" for g, c in sorted(glyphs.items())]
    chunks = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        chunks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(chunks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
