"""Read a text file prepared by a person, whatever common encoding it was saved in (pure, no Django).

Spreadsheets and old tools save CSV files as UTF-8 (with or without a byte-order mark), UTF-16
with a byte-order mark ("Unicode text" in Excel) or Windows-1252. A file that is none of these
(a renamed spreadsheet, a picture, random bytes) is refused with one French sentence.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

# Byte-order marks, longest first; a marked file must decode in the encoding it announces.
MARKED = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Unmarked files: UTF-8 first, then Windows-1252, then Latin-1 (which decodes any byte).
UNMARKED = ("utf-8", "cp1252", "latin-1")
ACCEPTED = "UTF-8, UTF-16 avec BOM, Windows-1252 ou Latin-1"
# A text file has no control characters but tabs and line ends; a stray one is a bad value,
# more than this share (or this count in a short file) means the file is not text at all.
MAX_CONTROL_SHARE = 0.01
MAX_CONTROLS_IN_SHORT_FILE = 8


class UnreadableFile(Exception):
    """The file cannot be read as text; `str()` is one French sentence naming the file."""


def _control_count(text: str) -> int:
    return sum(1 for char in text if char < " " and char not in "\t\n\r")


def decode_text(data: bytes, name: str) -> str:
    """The text of `data`, or UnreadableFile when it is not text in an accepted encoding."""
    for mark, encoding, label in MARKED:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(
                    f"{name} : le fichier se déclare en {label} mais n'est pas lisible ainsi."
                ) from None
            break
    else:
        for encoding in UNMARKED:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if _control_count(text) > max(MAX_CONTROLS_IN_SHORT_FILE, len(text) * MAX_CONTROL_SHARE):
        raise UnreadableFile(f"{name} n'est pas un fichier texte (encodages acceptés : {ACCEPTED}).")
    return text


def read_text(path: Path) -> str:
    """The text of the file at `path` (see `decode_text`); UnreadableFile when missing or unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"Fichier introuvable : {path}.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path} est un dossier, pas un fichier.") from None
    except OSError as exc:
        raise UnreadableFile(f"Impossible de lire {path} ({exc.strerror}).") from None
    return decode_text(data, path.name)


def csv_records(text: str, *, delimiter: str = ",") -> tuple[list[str], Iterator[tuple[int, dict[str, str] | str]]]:
    """The header (names stripped) and (first line, values or what is wrong) of every non-blank record.

    Fields are separated by `delimiter` (a comma unless told). A value may span several lines;
    the line given is where its record starts in the file. A record with the wrong number of
    fields comes as a French reason instead of values. Iterating may raise `csv.Error` on a
    malformed file.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in next(reader, [])]

    def records() -> Iterator[tuple[int, dict[str, str] | str]]:
        end = reader.line_num
        for record in reader:
            start, end = end + 1, reader.line_num
            if not any(value.strip() for value in record):
                continue
            if len(record) != len(header):
                yield start, f"{len(record)} champ{'s' if len(record) > 1 else ''} au lieu de {len(header)}."
            else:
                yield start, dict(zip(header, record, strict=True))

    return header, records()
