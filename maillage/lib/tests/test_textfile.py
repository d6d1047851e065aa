"""Reading a person's text file: the encodings spreadsheets save in are read, anything else refused."""

from __future__ import annotations

import pytest

from maillage.lib.textfile import UnreadableFile, csv_records, decode_text

TEXT = "code;nom\n42218;Saint-Étienne – Œuvre 5 €\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_the_encodings_spreadsheets_save_in_are_read(encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding in {"utf-16-le", "utf-16-be"}:  # written with their byte-order mark, as Excel does
        data = "\ufeff".encode(encoding) + data
    assert decode_text(data, "f.csv") == TEXT


def test_latin_1_bytes_outside_windows_1252_are_still_read() -> None:
    assert decode_text(b"nom\nCaf\xe9 \x81\n", "f.csv") == "nom\nCaf\xe9 \x81\n"


def test_a_stray_nul_character_is_left_for_the_row_checks() -> None:
    assert decode_text(b"code\n69\x00123\n", "f.csv") == "code\n69\x00123\n"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n" + bytes(200), "code,nom\n69123,Lyon\n".encode("utf-16-le")],
    ids=["random-bytes", "picture", "utf-16-without-mark"],
)
def test_what_is_not_text_is_refused_in_one_french_sentence(data: bytes) -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode_text(data, "f.csv")
    assert str(caught.value) == (
        "f.csv n'est pas un fichier texte (encodages acceptés : UTF-8, UTF-16 avec BOM, Windows-1252 ou Latin-1)."
    )


def test_a_file_marked_utf_16_that_is_not_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="se déclare en UTF-16 mais n'est pas lisible ainsi"):
        decode_text(b"\xff\xfe\x00\xd8", "f.csv")


def test_records_keep_the_line_where_they_start() -> None:
    header, records = csv_records('id,note\n1,"deux\nlignes"\n\n2\n3,trois\n')
    assert header == ["id", "note"]
    assert list(records) == [
        (2, {"id": "1", "note": "deux\nlignes"}),
        (5, "1 champ au lieu de 2."),
        (6, {"id": "3", "note": "trois"}),
    ]
