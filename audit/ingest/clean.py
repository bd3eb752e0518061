"""Strings as they enter the run: every one encodable as UTF-8, every name safe to print.

A JSON record can carry a lone surrogate (`"\\udfff"`), and a file name that is not
UTF-8 reaches Python as surrogate escapes; neither can be written as UTF-8, so one
such string would end every output. Text fields have lone surrogates replaced with
U+FFFD (and a note giving the offset); names are shown escaped (`latin1\\xe9.txt`),
with control characters escaped too, so that a name cannot move a terminal's cursor
or start a new annotation line in CI output.
"""

from __future__ import annotations

import math
import re
from typing import Any

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional
# overrides that can make a name read backwards in a terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHOWN = 5  # replaced positions listed; the rest are counted
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def clean_text(text: str) -> tuple[str, str | None]:
    """`text` with every lone surrogate replaced by U+FFFD, and a note saying where, if any."""
    found = [m.start() for m in _SURROGATE.finditer(text)]
    if not found:
        return text, None
    shown = ", ".join(f"{offset:,}" for offset in found[:_SHOWN])
    more = f" and {len(found) - _SHOWN:,} more" if len(found) > _SHOWN else ""
    plural = "s" if len(found) != 1 else ""
    note = f"{len(found):,} lone surrogate{plural} replaced with U+FFFD at offset{plural} {shown}{more}"
    return _SURROGATE.sub("\ufffd", text), note


def shown_name(name: str) -> str:
    """A file or folder name as every output shows it: bytes that are not UTF-8 (surrogate
    escapes from the file system) as `\\xe9`, control characters as `\\n` or `\\x1b`."""
    if name.isprintable() and not _SURROGATE.search(name):
        return name
    return _UNPRINTABLE.sub(_escape, _SURROGATE.sub(_escape_byte, name))


def _escape_byte(match: re.Match[str]) -> str:
    code = ord(match.group())
    # surrogateescape maps an undecodable byte B to U+DC00+B; other lone surrogates are shown
    # by their code point.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean_value(value: Any) -> Any:
    """A metadata value (from a JSON record or a CSV cell) that every output can write:
    strings cleaned of lone surrogates, non-finite numbers as text ('NaN' is not JSON)."""
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {clean_text(str(k))[0]: clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value
