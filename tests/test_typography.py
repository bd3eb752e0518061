"""Curly and straight apostrophes mixed in one body betray text pasted from different tools."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.features.typography import _CURLY, _STRAIGHT

PIECES = ["a", "é", "1", "²", "_", " ", "'", "’", "don", "t", "Ω", "\n"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_an_apostrophe_is_found_exactly_where_it_stands_between_two_letters(pieces):
    text = "".join(pieces)

    def letter(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isalnum() and not text[i].isdecimal()

    for pattern, mark in ((_CURLY, "’"), (_STRAIGHT, "'")):
        expected = [i for i, c in enumerate(text) if c == mark and letter(i - 1) and letter(i + 1)]
        assert [m.start() for m in pattern.finditer(text)] == expected
