"""A gated search finds exactly what the pattern's own search finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.features import attribution, claims
from audit.features.pattern_gate import PatternGate

# Pieces that the claim checks' patterns look for, with the kinds of character around them
# that decide a match: case, word boundaries, accents, figures, and the separators `re`
# counts as white space where RE2 does not.
_PIECES = [
    "would", "Could", "may", "mayor", "will", "announced", "agreed to", "percent", "per cent",
    "%", "rate", "reportedly", "is said to", "largest", "record", "the only", "not the only",
    "because", "led to", "rose", "fell", "cost", "killed", "deaths", "In the 1950s", "in 1998",
    "the bill", "This law", "came in third", "of the vote", "He was", "she had", "Okafor, 34,",
    "Jan. 5", "10:30 a.m.", "COVID-19", "No. 7", "42nd", "thousands", "one in five", "The",
    "City Council", "then approved", "Écoles", "naïve", "Kelvin \u212a", "\u017fome", "İ",
    "Sen. Bob Corker", "Maria Okafor", "J. Smith", "Raymond “Tony” Thomas", "Núñez", "officials",
    "a spokesman for", "Edison spokeswoman", "the study's authors", "the teacher", "FBI",
    "Goldman Sachs analysts", "researchers at", "people familiar with", "one doctor",
    "Association of", "the state auditor", "a report by", "45% of", "experts", "the senator",
    "his letter", "lawyers for", "Amnesty International", "an estimated", "roughly 700",
    "estimated at 4,000", "150,000", "miles",
    "3", "2,000", " ", "  ", "\n", "\x1c", "\x1f", ",", ".", "'", "’", "-", "é", "_",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _spans(found: re.Match[str] | None) -> tuple[int, int] | None:
    return found.span() if found else None


@pytest.fixture(scope="module")
def built_gates():
    """The claim checks' and the subject's gates, built at once."""
    gates = (claims._gate(), attribution._subject_gate())
    return [PatternGate(gate.patterns, after=0) for gate in gates]


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_a_gated_search_finds_what_the_pattern_finds(built_gates, text):
    for gate in built_gates:
        _assert_same(gate, text)


def _assert_same(gate, text):
    read = gate.read(text)
    for pattern in gate.patterns:
        assert _spans(read.search(pattern)) == _spans(pattern.search(text)), pattern.pattern
        assert _spans(read.match(pattern)) == _spans(pattern.match(text)), pattern.pattern


def test_the_gate_rules_out_what_cannot_match_and_searches_what_it_does_not_hold():
    named, other = re.compile(r"\bcaus(?:e|ed)\b"), re.compile(r"\bnever\b")
    gate = PatternGate([named], after=0)
    assert not gate.read("Rents rose 14 percent.").may_match(named)
    assert gate.read("Rain caused floods.").search(named).group() == "caused"
    assert gate.read("It never rains.").search(other).group() == "never"  # not held: searched


def test_a_separator_that_re_reads_as_white_space_opens_every_pattern():
    spaced = re.compile(r"said\s+that")
    read = PatternGate([spaced], after=0).read("said\x1cthat")
    assert read.may_match(spaced) and read.search(spaced)


def test_a_gate_reads_its_first_texts_ungated_then_builds_its_set():
    word = re.compile(r"\bcaused\b")
    gate = PatternGate([word], after=2)
    assert [gate.read("Rents rose.").may_match(word) for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(
    "pattern",
    [re.compile("a b", re.VERBOSE), re.compile("a.b", re.DOTALL), re.compile("^a", re.M),
     re.compile("\u0131", re.IGNORECASE)],
)  # fmt: skip
def test_a_gate_refuses_a_pattern_whose_superset_could_miss_a_match(pattern):
    with pytest.raises(ValueError, match="superset could miss"):
        PatternGate([pattern])
