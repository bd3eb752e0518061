"""An article's newsroom signals read its own words: quotations and scraped clutter left out."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from audit.rules.model import Finding
from audit.sources.signals import _listed, _own_words
from audit.text.segment import make_document

TEXT = 'Rates rise.\n\nThe mayor said "we had no choice" on Monday.\n\nShare this article\n'


def _clutter(start: int, end: int) -> Finding:
    return Finding("CLT001", "clutter", "warning", "high", start, end, 1, 1, TEXT[start:end], "m")


@given(st.lists(st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))), max_size=6))
def test_own_words_blank_exactly_the_quotations_and_clutter_and_keep_every_offset(spans):
    doc = make_document(TEXT)
    findings = [_clutter(a, b) for a, b in spans]
    own = _own_words(doc, findings)
    blanked = list(TEXT)
    for q in doc.structure.quotes:
        blanked[q.start : q.end] = " " * (q.end - q.start)
    for a, b in spans:  # a clutter line inside a long paragraph would stay: none is here
        blanked[a:b] = " " * max(b - a, 0)
    assert own == "".join(blanked)


def test_listed_words_are_counted_each_time_and_stems_match_word_starts():
    words = Counter(["you", "your", "hypocrites", "you", "the"])
    assert _listed(words, frozenset({"you", "your"})) == 3
    assert _listed(words, frozenset({"you"}), ("hypocrit",)) == 3
