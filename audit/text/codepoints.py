"""Words found for all of a text's characters at once: numpy over its code points instead of a
pattern match a word. The segmenter's tokens and the language gate's words are both read here,
each with its own class of word characters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def code_points(text: str) -> Any:
    """The text's code points as an array (a lone surrogate kept as it is)."""
    import numpy as np  # the audit imports it anyway; the rule packs load without it

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def marked(codes: Any, ascii_table: bytes, member: Callable[[str], bool] | None = None) -> Any:
    """Which code points are in a class of characters, with a False either side, so that every
    run of them ends: a look-up in the class's ASCII table (`ascii_table`, a byte a code point
    below 128), then the few beyond ASCII, each distinct one asked of `member` once (without
    one, the class is ASCII's alone; the table's last byte, DEL, must then be 0)."""
    import numpy as np

    inside = np.zeros(len(codes) + 2, dtype=bool)
    marks = inside[1:-1]
    np.take(np.frombuffer(ascii_table, dtype=bool), np.minimum(codes, 127), out=marks)
    wide = np.flatnonzero(codes >= 128) if member is not None else ()
    if len(wide):
        distinct, which = np.unique(codes[wide], return_inverse=True)
        known = np.fromiter((member(chr(code)) for code in distinct.tolist()), bool, len(distinct))
        marks[wide] = known[which]
    return inside


def join_inner_apostrophes(codes: Any, inside: Any) -> None:
    """Mark each apostrophe between two marked characters (in place): it belongs to its word."""
    inside[1:-1] |= (codes == ord("'")) & inside[:-2] & inside[2:]


def spaced_words(codes: Any, marks: Any) -> list[str]:
    """The runs of marked characters of `codes`: every other character made a space and the text
    split in compiled code (no marked character may be white space)."""
    import numpy as np

    spaced = np.where(marks, codes, np.uint32(ord(" "))).astype("<u4", copy=False).tobytes()
    return spaced.decode("utf-32-le", "surrogatepass").split()
