"""Turn a file's bytes into text, or refuse it with a reason.

The encoding is, in order: a byte-order mark; the encoding the user declared
(`--encoding`); UTF-8 when the bytes are UTF-8 (or mostly are, with a few stray
bytes); UTF-16 without a BOM when the NUL bytes say so; the document's own
declaration (an HTML meta charset); else Windows-1252, which reads every
Latin-1 text the same and is what browsers read "latin-1" as. Bytes the chosen
encoding cannot decode become U+FFFD and are reported with their byte offset
and line, so nothing is dropped silently. Binaries are refused, never decoded.
"""

from __future__ import annotations

import codecs
import re
from contextvars import ContextVar
from dataclasses import dataclass

from audit.ingest.model import RefusedInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office or EPUB file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"RIFF", "a RIFF media file (WAV, AVI or WebP)"),
)
_SNIFF = 8192  # bytes examined for binary content
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")  # not tab, newline, form feed, escape
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_C1_RANGE = re.compile(rb"[\x80-\x9f]")
# What a legacy-encoded text must look like (_refuse_wordless).
_MAX_CONTROL_SHARE = 0.01
_WORDS_SAMPLE = 64  # characters needed before the share of spaces means anything
_MIN_SPACE_SHARE = 0.05  # prose has a space every 5 to 8 characters; random bytes 1 in 36
_SHOWN = 5  # invalid bytes listed by position; the rest are counted
_replaced: ContextVar[list[tuple[int, int]]] = ContextVar("replaced")


def _record(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _replaced.get().append((error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("newsaudit-replace", _record)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a display name: "UTF-8", "Windows-1252", …
    notes: tuple[str, ...] = ()  # how the bytes were read, when a user should know


def decode(data: bytes, declared: str | None = None, hint: str | None = None) -> Decoded:
    """Decode a file's bytes. `declared` is the user's encoding (obeyed); `hint` is the
    document's own declaration (used only when the bytes are not UTF-8)."""
    if not data:
        raise RefusedInput("empty file")
    bom = next((entry for entry in _BOMS if data.startswith(entry[0])), None)
    if bom is not None:
        decoded = _strict_or_replacing(data, bom[1], bom[2], ())
    elif declared:
        _refuse_magic(data)
        if not _is_wide(declared):
            _refuse_nul_or_control(data)
        decoded = _strict_or_replacing(data, declared, _display(declared), ())
    else:
        decoded = _detect(data, hint)
    if not decoded.text.strip():
        raise RefusedInput("no text (only white space)")
    return decoded


def feed_codec(sample: bytes, declared: str | None = None) -> tuple[str, str]:
    """(codec, display name) for a feed too large to decode at once, read line by line,
    chosen from its first bytes as `decode` would choose for the whole file."""
    bom = next((entry for entry in _BOMS if sample.startswith(entry[0])), None)
    if bom is not None:
        return bom[1], bom[2]
    _refuse_magic(sample)
    if declared:
        return known_encoding(declared) or declared, _display(declared)
    wide = _utf16_without_bom(sample[:_SNIFF])
    if wide:
        return wide, wide.upper()
    _refuse_nul_or_control(sample)
    _, replaced = _replacing(sample, "utf-8")
    if len(replaced) <= 1 or len(_UTF8_SEQUENCE.findall(sample)) > len(replaced):
        return "utf-8", "UTF-8"  # one failure may be a character cut at the sample's end
    return "cp1252", "Windows-1252"


def decode_line(line: bytes, codec: str, name: str) -> tuple[str, str | None]:
    """One line of a feed, and a note naming the bytes replaced with U+FFFD, if any."""
    decoded = _strict_or_replacing(line, codec, name, ())
    return decoded.text, decoded.notes[0] if decoded.notes else None


def is_wide(codec: str) -> bool:
    """UTF-16 and UTF-32: a newline byte is not a line end."""
    return _is_wide(codec)


def _detect(data: bytes, hint: str | None) -> Decoded:
    _refuse_magic(data)
    wide = _utf16_without_bom(data[:_SNIFF])
    if wide:
        note = f"no byte-order mark; read as {wide.upper()} (NUL bytes in every other position)"
        decoded = _strict_or_replacing(data, wide, wide.upper(), (note,))
        sample = decoded.text[: _SNIFF // 2]
        if len(_CONTROL_TEXT.findall(sample)) > len(sample) / 10:
            raise RefusedInput("binary file (contains NUL bytes)")  # 16-bit numbers, not text
        return decoded
    _refuse_nul_or_control(data)
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as error:
        failure = f"not valid UTF-8 ({_describe(data, error.start)})"
    text, replaced = _replacing(data, "utf-8")
    if len(_UTF8_SEQUENCE.findall(data)) > len(replaced):
        return Decoded(text, "UTF-8", (_replacement_note(data, replaced, "UTF-8"),))
    legacy = _known(hint) or "cp1252"
    name = _display(legacy)
    if legacy == "cp1252" and not _C1_RANGE.search(data):
        name = "Latin-1"  # identical to Windows-1252 when no byte is in 0x80-0x9F
    source = "as the document declares" if _known(hint) else "detected"
    decoded = _strict_or_replacing(data, legacy, name, (f"{failure}; read as {name} ({source})",))
    if legacy == "cp1252":
        _refuse_wordless(decoded.text[:_SNIFF])
    return decoded


def _refuse_wordless(sample: str) -> None:
    """Bytes that are neither UTF-8 nor text in a legacy encoding: random or compressed data
    decodes as Windows-1252 without error, but not into words. Text in a single-byte
    encoding (Latin, Cyrillic, Greek) has no control characters and a space every few
    letters."""
    controls = len(_CONTROL_TEXT.findall(sample))
    spaces = sum(char.isspace() for char in sample)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise RefusedInput(
            f"binary file ({controls:,} control characters in the first {len(sample):,})"
        )
    if len(sample) >= _WORDS_SAMPLE and spaces < _MIN_SPACE_SHARE * len(sample):
        raise RefusedInput("binary file (no words: almost no spaces between its characters)")


def _strict_or_replacing(data: bytes, encoding: str, name: str, notes: tuple[str, ...]) -> Decoded:
    try:
        return Decoded(data.decode(encoding), name, notes)
    except UnicodeDecodeError:
        text, replaced = _replacing(data, encoding)
        return Decoded(text, name, (*notes, _replacement_note(data, replaced, name)))


def _replacing(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode with each undecodable byte run replaced by U+FFFD, and where each run was."""
    replaced: list[tuple[int, int]] = []
    token = _replaced.set(replaced)
    try:
        return data.decode(encoding, errors="newsaudit-replace"), replaced
    finally:
        _replaced.reset(token)


def _replacement_note(data: bytes, replaced: list[tuple[int, int]], name: str) -> str:
    shown = ", ".join(_describe(data, start, end) for start, end in replaced[:_SHOWN])
    more = f" and {len(replaced) - _SHOWN:,} more" if len(replaced) > _SHOWN else ""
    count = f"{len(replaced):,} invalid {name} byte sequence{'s' if len(replaced) != 1 else ''}"
    return f"{count} replaced with U+FFFD: {shown}{more}"


def _describe(data: bytes, start: int, end: int | None = None) -> str:
    """`byte 0xe9 at offset 3 (line 1)`: where a user can look with a hex editor or a pager."""
    end = start + 1 if end is None else end
    shown = " ".join(f"0x{byte:02x}" for byte in data[start : min(end, start + 4)])
    noun = "byte" if end - start == 1 else "bytes"
    line = data.count(b"\n", 0, start) + 1
    return f"{noun} {shown} at offset {start:,}, line {line:,}"


def _refuse_magic(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise RefusedInput(f"binary file ({kind})")


def _refuse_nul_or_control(data: bytes) -> None:
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        raise RefusedInput("binary file (contains NUL bytes)")
    if len(_CONTROL.findall(sample)) > len(sample) / 10:
        raise RefusedInput("binary file (mostly control characters)")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a NUL in every other byte; binaries don't."""
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0 : 2 * half : 2].count(0), sample[1 : 2 * half : 2].count(0)
    if odd > 0.4 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def known_encoding(name: str) -> str | None:
    """The codec's canonical name, or None when Python has no such text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _known(hint: str | None) -> str | None:
    if not hint:
        return None
    codec = known_encoding(hint)
    if codec in (None, "utf-8"):
        return None  # the bytes are already known not to be UTF-8
    # As browsers do: a page labelled Latin-1 or ASCII is read as Windows-1252.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _is_wide(encoding: str) -> bool:
    return (known_encoding(encoding) or "").startswith(("utf-16", "utf-32"))


def _display(encoding: str) -> str:
    codec = known_encoding(encoding) or encoding
    names = {"cp1252": "Windows-1252", "latin-1": "Latin-1", "iso8859-1": "Latin-1"}
    return names.get(codec, codec.upper())
