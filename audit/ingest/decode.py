"""Turn a file's bytes into text, or refuse it with a reason."""

from __future__ import annotations

import codecs

from audit.ingest.model import RefusedInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16/32; refuse binaries."""
    if not data:
        raise RefusedInput("empty file")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise RefusedInput("binary file (contains NUL bytes)")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise RefusedInput(
            f"not valid {encoding.upper()}: byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from error
    if not text.strip():
        raise RefusedInput("no text (only white space)")
    return text
