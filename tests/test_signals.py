"""An article's newsroom signals read its own words: quotations and scraped clutter left out."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.rules.model import Finding
from audit.sources.signals import _LOADED, _ellipses, _figures, _listed, _loaded, _own_words
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


def test_listed_words_are_counted_each_time():
    words = Counter(["you", "your", "hypocrites", "you", "the"])
    assert _listed(words, frozenset({"you", "your"})) == 3


@given(st.lists(st.sampled_from(["shocking", "hypocrites", "hypocrit", "hypo", "the", "sham"])))
def test_loaded_words_are_the_listed_ones_and_those_opening_with_a_stem(chosen):
    text = " ".join(chosen)
    words = re.findall(r"\w+", text)
    expected = sum(1 for w in words if w in _LOADED or w.startswith("hypocrit"))
    assert _loaded(Counter(w for w in words if w in _LOADED), words, text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Rates rose 5% in May, 3.5 percent in June and 2 per cent in July.", 3),
        ("A 5 percentage-point rise, 40 cents a gallon, 12 percenters.", 0),
        ("Prices rose by 5 to 7 percent after 2020.", 1),
        ("No figure here.", 0),
    ],
)
def test_figures_are_numbers_given_as_a_percentage(text, count):
    assert _figures(text) == count


@given(st.text(alphabet=".…a ", max_size=30))
def test_ellipses_are_counted_as_a_search_from_the_left_finds_them(text):
    assert _ellipses(text) == len(re.findall(r"\.\.\.|…", text))
