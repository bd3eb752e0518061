"""The branch filter skips work, never findings: a pattern's branches that the run's branch set
does not find in a text are left out, and what is left finds exactly what the whole pattern
finds. The needed strings the feature modules look up are read from a pattern's syntax."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.rules.multiscan import BranchSet, scan_bytes
from audit.rules.prefilter import (
    BranchFilter,
    Needs,
    Reading,
    Trigrams,
    needed_strings,
    separable,
    units_with,
)

BRANCHES = [
    r"\b(?:some|many)\s+(?:experts?|analysts?)\s+(?:say|said)\b",
    r"\baccording to (?:unnamed )?sources\b",
    r"\b(?:it is|it was) (?:widely )?believed\b",
    r"\b\w+ly\b",  # needs no particular word: always runs
]


def _filter(branches=BRANCHES) -> BranchFilter:
    return BranchFilter.of(branches, True, BranchSet())


def _spans(pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _found(rule: BranchFilter, text: str) -> list[tuple[int, int]]:
    """What the rule finds, running only the branches its set finds in the text."""
    data = scan_bytes(text)
    return [m.span() for m in rule.finditer(text, data, rule.branch_set.matching(data))]


def test_a_branch_is_known_to_need_one_of_its_words():
    assert needed_strings(BRANCHES[1]) == {"according to "}
    # of "some|many", "experts?|analysts?" and "say|said", the most selective set is kept
    assert needed_strings(BRANCHES[0]) == {"expert", "analyst"}


def test_a_branch_with_nothing_certain_needs_nothing():
    assert needed_strings(r"\b\w+ly\b") is None
    assert needed_strings(r"(?:ab)?c") is None  # too short to be worth looking up


def test_constructs_the_reading_is_unsure_of_make_a_branch_always_run():
    assert needed_strings(r"(experts) say \1") is None  # a back-reference
    assert needed_strings(r"(?:experts){e<=1} say") is None  # fuzzy matching in `regex`
    assert needed_strings(r"experts(?=(\w+) \1)") is None
    for refers in (r"(experts) say \1", r"(?P<who>experts) say (?P=who)", r"(a)?(?(1)b|c)"):
        assert Reading.of(refers).tree is None  # never dropped or searched alone
    assert needed_strings(r"experts say \\1") == {"experts say \\1"}  # a backslash, then 1


def test_branches_whose_words_are_absent_are_not_run():
    rule = _filter()
    data = scan_bytes("Some analysts said the plan would fail.")
    found = rule.branch_set.matching(data)
    assert found is not None
    assert [i for i, branch in enumerate(rule.ids) if branch in found] == [0, 3]


def test_a_rule_whose_branches_all_need_absent_words_is_skipped():
    rule = _filter(BRANCHES[:3])
    assert list(rule.finditer("The council met.", scan_bytes("The council met."), set())) == []
    assert rule._alone == {} and rule._compiled == {}


def test_case_and_unicode_folding_never_hide_a_match():
    # "ſ" (long s) matches "s" when case is ignored, "K" (the Kelvin sign) "k".
    text = "ACCORDING TO UNNAMED ſOURCES, it was widely BELIEVED. \u212aNOWN experts SAID"
    rule = _filter([*BRANCHES, r"\bknown\b"])
    assert _found(rule, text) == _spans(rule.full, text) != []
    assert len(_found(rule, text)) == 3  # the last: "KNOWN"


WORDS = ["some", "many", "experts", "analyst", "say", "said", "according", "to", "unnamed",
         "sources", "it", "is", "was", "widely", "believed", "quickly", "the", "ſources", "SAID"]  # fmt: skip


def test_branches_that_may_match_empty_or_refer_to_groups_are_not_run_alone():
    assert separable(BRANCHES)
    assert not separable([r"\bsaid\b", r"(?:x)?"])  # may match empty: a scan would not move on
    assert not separable([r"(a)b", r"c\1"])  # \1 is another group alone
    assert not separable([r"said", r"(?i)SAID"])  # `regex` applies the flag to every branch


@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=40))
def test_branches_searched_alone_find_exactly_what_their_alternation_finds(words):
    text = " ".join(words)
    rule = _filter()
    assert rule.separable
    assert _found(rule, text) == _spans(rule.full, text)


@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=8), min_size=1, max_size=8))
def test_the_units_found_by_substring_search_are_those_that_hold_a_needed_string(units):
    texts = [" ".join(words).casefold() for words in units]
    starts = [sum(len(t) + 1 for t in texts[:k]) for k in range(len(texts))]
    needs = frozenset({"said", "unnamed s"})
    found = units_with("\n".join(texts), starts, needs)
    assert found == {k for k, text in enumerate(texts) if any(n in text for n in needs)}


def test_a_branch_is_compiled_only_when_a_text_needs_it():
    rule = _filter(BRANCHES[:3])
    assert _found(rule, "Some analysts said so.") != []
    assert sorted(rule._alone) == [0]  # "according to" and "believed" were never needed


@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=6))
def test_the_trigram_table_rules_out_only_strings_the_text_lacks(text, strings):
    needs = Needs.of(strings)
    kept = set(Trigrams(text).candidates(needs))
    assert {s for s in strings if s in text} <= kept


def test_the_trigram_table_rules_out_most_absent_strings():
    text = "The council met on Monday and approved the budget."
    needs = Needs.of({"according to ", "reportedly", "budget", "ab"})
    # "ab" is too short to have a trigram: it is always searched for
    assert set(Trigrams(text).candidates(needs)) == {"budget", "ab"}
    assert units_with(text, [0], needs, Trigrams(text)) == {0}


PUNCTUATED = [*WORDS, ",", ".", "'", "-", "?", "\n", "“", "officials", "familiar", "with"]
STRETCHED = [
    *BRANCHES,
    r"\b(?:officials|people)\s+(?:familiar with|close to)\s+(?:the\s+)?[\w-]+",
    r"(?:^|(?<=[.!?]\s))(?:some\s+)?officials\s+(?:say|said)\b",
    r"\b(?:might|may|could)\b(?! not\b|n't)",
]


@given(st.lists(st.one_of(st.sampled_from(PUNCTUATED), st.text(max_size=4)), max_size=40))
def test_branches_searched_from_their_supersets_starts_find_what_the_whole_pattern_finds(words):
    text = " ".join(words)
    rule = _filter(STRETCHED)
    assert _found(rule, text) == _spans(rule.full, text)


def test_a_branch_is_searched_from_where_its_superset_first_matches():
    rule = _filter(STRETCHED[5:6])  # "officials said" only after a sentence's end
    text = "Officials said so. The officials said no. Some officials said yes."
    assert [text[a:b] for a, b in _found(rule, text)] == [
        "Officials said",
        "Some officials said",
    ]
