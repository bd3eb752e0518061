"""Encodings: detected or declared, never a crash, and every replaced byte reported by position."""

from __future__ import annotations

import pytest

from audit.ingest import read_corpus
from audit.ingest.decode import decode
from audit.ingest.model import InputError, InputNote, ReadOptions, RefusedInput

HEADLINE = "Café owners say prices “rose” — again"
BODY = "The café on Main Street raised its prices by 5% on Monday, its owner said."


def read(path, **options):
    notes: list[InputNote] = []
    documents, errors = [], []
    for item in read_corpus([str(path)], ReadOptions(**options), notes=notes):
        (errors if isinstance(item, InputError) else documents).append(item)
    return documents, errors, [note.message for note in notes]


def test_windows_1252_is_detected_and_the_first_non_utf8_byte_named(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(f"{HEADLINE}\n\n{BODY}\n".encode("cp1252"))
    (doc,), errors, notes = read(path)
    assert not errors
    assert doc.title == HEADLINE and BODY in doc.text
    assert notes == [
        "not valid UTF-8 (byte 0xe9 at offset 3, line 1); read as Windows-1252 (detected)"
    ]


def test_latin_1_without_windows_only_bytes_is_named_latin_1(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Übung macht den Meister\n\nDer Rat tagte am Montag.\n".encode("latin-1"))
    (doc,), _, notes = read(path)
    assert doc.title == "Übung macht den Meister"
    assert notes[0].endswith("read as Latin-1 (detected)")


def test_a_declared_encoding_is_obeyed(tmp_path):
    path = tmp_path / "kyiv.txt"
    path.write_bytes("Переговори у Абу-Дабі\n\nДелегації зустрілися у вівторок.\n".encode("cp1251"))
    (guessed,), _, _ = read(path)
    assert guessed.title != "Переговори у Абу-Дабі"  # a single-byte guess cannot know Cyrillic
    (declared,), errors, notes = read(path, encoding="cp1251")
    assert declared.title == "Переговори у Абу-Дабі" and not errors and not notes


def test_utf8_with_and_without_bom_and_utf16_with_bom_read_silently(tmp_path):
    text = f"{HEADLINE}\n\n{BODY}\n"
    (tmp_path / "plain.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    (tmp_path / "wide.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "wider.txt").write_bytes(text.encode("utf-32"))
    documents, errors, notes = read(tmp_path)
    assert [d.text for d in documents] == [text] * 4
    assert not errors and not notes


def test_utf16_without_bom_is_recognised_by_its_nul_bytes(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(f"{HEADLINE}\n\n{BODY}\n".encode("utf-16-le"))
    (doc,), _, notes = read(path)
    assert doc.title == HEADLINE
    assert notes == ["no byte-order mark; read as UTF-16-LE (NUL bytes in every other position)"]


def test_stray_bytes_in_utf8_become_replacement_characters_with_their_positions(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(f"{HEADLINE}\n\n{BODY}\n".encode() + b"Cut off mid-character: \xe2\x80")
    (doc,), errors, notes = read(path)
    assert not errors and doc.text.endswith("mid-character: \ufffd")
    offset = len(f"{HEADLINE}\n\n{BODY}\n".encode()) + len(b"Cut off mid-character: ")
    assert notes == [
        f"1 invalid UTF-8 byte sequence replaced with U+FFFD: bytes 0xe2 0x80 at offset {offset}, line 4"
    ]


def test_many_invalid_bytes_are_counted_past_the_first_five():
    data = "Title\n\n".encode("utf-16") + b"\x00\xd8" * 7 + "end".encode("utf-16-le")
    decoded = decode(data)
    assert decoded.text.startswith("Title") and decoded.text.count("\ufffd") >= 1
    assert decoded.notes and "invalid UTF-16 byte sequence" in decoded.notes[0]


def test_declared_encoding_with_invalid_bytes_replaces_and_reports_them():
    decoded = decode("Título\n\nTexto.".encode("cp1252"), declared="utf-8")
    assert decoded.text.startswith("T\ufffdtulo")
    assert decoded.notes == (
        "1 invalid UTF-8 byte sequence replaced with U+FFFD: byte 0xed at offset 1, line 1",
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n \xc2\xa0\n", "no text (only white space)"),
        ("  \n".encode("utf-16"), "no text (only white space)"),
        (b"Title\n\x00\x01binary", "binary file (contains NUL bytes)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (a PDF document)"),
        (b"\x89PNG\r\n\x1a\n", "binary file (a PNG image)"),
        (b"PK\x03\x04rest", "binary file (a ZIP archive (or an Office or EPUB file))"),
        (bytes(range(1, 9)) * 100, "binary file (mostly control characters)"),
    ],
)
def test_files_that_are_not_text_are_refused_with_the_reason(data, reason):
    with pytest.raises(RefusedInput) as refused:
        decode(data)
    assert str(refused.value) == reason
