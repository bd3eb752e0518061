"""A gated search finds exactly what the pattern's own search finds."""

from __future__ import annotations

import re
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.features import attribution, claims
from audit.features.pattern_gate import GATED_BATCH, LedPatterns, PatternGate, TextReads
from audit.rules.registry import load_registry
from audit.runtime.execute import audit_batch
from audit.runtime.run import Auditor
from audit.text.segment import make_document

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
    """The claim checks' and the subject's gates."""
    return [claims.gate(), attribution.subject_gate()]


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS)
def test_a_gated_search_finds_what_the_pattern_finds(built_gates, text):
    for gate in built_gates:
        _assert_same(gate, text)


def test_a_document_reads_each_text_once_as_its_gate_reads_it(built_gates):
    gate = built_gates[0]
    reads = TextReads(gate)
    text = "Officials said the plant would close, and 45% of workers may leave."
    first = reads.read(text)
    assert reads.read(text) is first  # asked again: the document's read, not a new one
    assert first == gate.read(text) and first.closed  # the gate rules some patterns out
    assert reads.read("Rates rose.") == gate.read("Rates rose.")
    assert len(reads.found) == 2


@pytest.fixture(scope="module")
def led():
    """What an article's sentences are searched for, led by the supersets."""
    return attribution.sentence_patterns()


_VERB_PIECES = [
    "said", "says", "unsaid", "Said", "told", "stated", "estates", "according to", "According to",
    "per", "per cent", "per the", "Per", "called on", "calls on", "in a statement", "quoted as saying",
    "reports", "noted", "footnotes", "asked", "wrote", "\u017faid", "é", "’", "\n", "\x1c",
    "condition of anonymity", "spoke anonymously", "— Jane Doe (@jdoe)", "rated", "by the",
    "a study", "the report", "in their", "latest survey", ", saying", " “", '"', "allegedly",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES + _VERB_PIECES), max_size=20).map("".join))
def test_a_led_search_finds_what_finditer_finds_and_misses_no_unit(led, text):
    read = led.read(text)
    if read is None:  # a separator `re` reads as white space: searched with `re` alone
        assert re.search("[\x1c-\x1f]", text)
        return
    units = text.split("\n")
    starts = list(accumulate((len(unit) + 1 for unit in units), initial=0))
    for pattern in led.patterns:
        found = [(m.span(), m.group()) for m in read.finditer(pattern)]
        assert found == [(m.span(), m.group()) for m in pattern.finditer(text)], pattern.pattern
        possible = set(read.units_with(pattern, starts))
        assert {i for i, unit in enumerate(units) if pattern.search(unit)} <= possible


def test_led_patterns_refuse_a_pattern_that_may_match_empty():
    with pytest.raises(ValueError, match="empty string"):
        LedPatterns([re.compile(r"\bsaid|x*")]).build()


def _assert_same(gate, text):
    read = gate.read(text)
    for pattern in gate.patterns:
        assert _spans(read.search(pattern)) == _spans(pattern.search(text)), pattern.pattern
        assert _spans(read.match(pattern)) == _spans(pattern.match(text)), pattern.pattern


def test_the_gate_rules_out_what_cannot_match_and_searches_what_it_does_not_hold():
    named, other = re.compile(r"\bcaus(?:e|ed)\b"), re.compile(r"\bnever\b")
    gate = PatternGate([named])
    assert not gate.read("Rents rose 14 percent.").may_match(named)
    assert gate.read("Rain caused floods.").search(named).group() == "caused"
    assert gate.read("It never rains.").search(other).group() == "never"  # not held: searched


def test_a_separator_that_re_reads_as_white_space_opens_every_pattern():
    spaced = re.compile(r"said\s+that")
    read = PatternGate([spaced]).read("said\x1cthat")
    assert read.may_match(spaced) and read.search(spaced)


# An article whose claims and subjects the gated patterns decide: a statistic, a cost, a
# ranking, hearsay, an anonymous, a vague and an institutional source, a document.
_ARTICLE = """Fares to rise on the Carrow line

Rents rose 14 percent last year, the fastest rise in the state. The repairs will cost $4.2 \
million, and the line is reportedly the oldest in the region. "We have no choice," one \
official said. Experts say delays doubled because of the strike. A report by the state \
auditor found that ridership fell by a third. The transit board said the new fares start in \
March. Riders packed the hearing on Tuesday, and the vote came after midnight.
"""


def _audited(auditor, batch_size):
    """The first article of a batch of `batch_size` copies: its findings and its kinds."""
    jobs = [(make_document(_ARTICLE, id=f"copy-{i}"), None) for i in range(batch_size)]
    result, _ = audit_batch(auditor, jobs, keep=False)[0]
    kinds = [(a.kind, a.support) for a in attribution.sourcing(result.document).attributions]
    return [(f.rule, f.start, f.end, f.message) for f in result.findings], kinds


def test_two_auditors_read_alike_whatever_the_other_has_seen():
    """The gates are each auditor's own, read through only by a batch large enough to repay
    building them (or once built): what one auditor has seen changes nothing in another,
    and no gate changes a finding."""
    seasoned, fresh = Auditor(load_registry()), Auditor(load_registry())
    in_a_large_batch = _audited(seasoned, GATED_BATCH)
    assert seasoned.gates.for_batch(1) is seasoned.gates  # built: every batch reads through
    alone = _audited(fresh, 1)
    assert fresh.gates.for_batch(1) is None and not fresh.gates.claims.built
    assert alone == in_a_large_batch == _audited(seasoned, 1)
    assert any(rule.startswith("UNS") for rule, *_ in alone[0])


@pytest.mark.parametrize(
    "pattern",
    [re.compile("a b", re.VERBOSE), re.compile("a.b", re.DOTALL), re.compile("^a", re.M),
     re.compile("\u0131", re.IGNORECASE)],
)  # fmt: skip
def test_a_gate_refuses_a_pattern_whose_superset_could_miss_a_match(pattern):
    with pytest.raises(ValueError, match="superset could miss"):
        PatternGate([pattern])
