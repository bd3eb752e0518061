"""The signs of a factual claim are counted as their plain patterns count them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from audit.features.claims import _PAST, _counts

# The past marks as a plain alternation: `_PAST` finds a word in "ed" at its ending and the
# others by their first letter, and must count what this counts.
_PLAIN_PAST = re.compile(r"\b(?:was|were|did|had|has been|have been|\w{3,}ed)\b")
_PIECES = st.sampled_from(
    ["was", "were", "did", "had", "has", "have", "been", "ed", "e", "d", "t", "ir", "need",
     "tired", "seeded", "_", "9", "é", "'", " ", "  ", "-", "."]
)  # fmt: skip


@given(st.lists(st.lists(_PIECES, max_size=10).map("".join), max_size=4))
def test_past_marks_are_counted_as_the_plain_alternation_counts_them(pieces):
    plain = [len(_PLAIN_PAST.findall(piece)) for piece in pieces]
    assert _counts(_PAST, pieces).tolist() == plain
