"""The branch set's supersets never miss a match: wherever a rule branch matches, its superset
matches the same characters, so that running a branch only where its superset matched finds
everything the branch finds."""

from __future__ import annotations

import pickle

import re2
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.rules.multiscan import (
    _ASCII,
    _FOLDED_ONTO,
    _UNANCHORED,
    BranchSet,
    _bytes_of,
    _options,
    _span_search,
    byte_of,
    scan_bytes,
    translate,
)
from audit.rules.prefilter import Reading
from audit.rules.registry import load_registry

RULES = [r for r in load_registry().rules if r.kind in ("pattern", "line")]
BRANCHES = [
    (pattern, not rule.options.get("case_sensitive"), rule.kind == "line")
    for rule in RULES
    for pattern in rule.options["patterns"]
]
WORDS = ["Some", "experts", "say", "said", "according", "to", "sources", "officials", "familiar",
         "with", "the", "talks", "Share", "Email", "|", "·", "12", "comments", "min", "read",
         "Subscribe", "newsletter", "©", "2025", "18°C", "might", "could", "AI", "generated",
         "ſources", "\u212aNOWN", "İt", "café", "\u201c", ".", ",", "\n", "  ", "Views:", "3.1K",
         "Advertisement", "<div", ">", "&nbsp;", "[caption", "]", "Tags:", "Disclaimer:"]  # fmt: skip
OPTIONS = re2.Options()
OPTIONS.encoding = re2.Options.Encoding.LATIN1
OPTIONS.dot_nl = True


def _superset(pattern: str, ignore_case: bool, in_line: bool):
    expression = translate(Reading.of(pattern).tree, ignore_case, in_line)
    return None if expression is None else re2.compile(expression, OPTIONS)


SUPERSETS = [_superset(*branch) for branch in BRANCHES]


def test_every_shipped_branch_has_a_superset():
    assert [branch for branch, found in zip(BRANCHES, SUPERSETS, strict=True) if not found] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=30))
def test_a_branch_matches_only_where_its_superset_matches_the_same_characters(words):
    text = " ".join(words)
    data = scan_bytes(text)
    for (pattern, ignore_case, in_line), superset in zip(BRANCHES, SUPERSETS, strict=True):
        compiled = regex.compile(pattern, regex.VERSION0 | (regex.IGNORECASE * ignore_case))
        units = text.split("\n") if in_line else [text]
        for unit in units:
            offset = text.index(unit) if in_line else 0
            matches = [compiled.fullmatch(unit)] if in_line else compiled.finditer(unit)
            for match in filter(None, matches):
                start, end = offset + match.start(), offset + match.end()
                assert superset.fullmatch(data[start:end]), (pattern, text[start:end])


def test_the_non_ascii_characters_folded_onto_ascii_letters_are_all_listed():
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    for code in range(128):
        char = chr(code)
        folded = regex.findall(regex.escape(char), every, regex.VERSION0 | regex.IGNORECASE)
        assert set(folded) <= set(_FOLDED_ONTO.get(char.lower(), "")), char


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "K", "s", "I", "z", "0", "_", "-", ".", " ", "é", "·", "\u2022",
                         "\u212a", "ſ", "\u0130", "\u0131", "a-f", "A-Z", "0-9", "x-\u00ff",
                         "\u00c0-\u00d6", "\u0100-\u017f"]),
        min_size=1, max_size=4,
    ),
    st.booleans(),
)  # fmt: skip
def test_a_set_of_listed_characters_takes_the_ascii_bytes_regex_matches_with_it(items, ignore_case):
    """The bytes of a set that lists its characters are read from the set, not asked of
    `regex`: on the ASCII side they are exactly what `regex` matches."""
    source = "[" + "".join(item if len(item) == 3 else regex.escape(item) for item in items) + "]"
    listed = tuple(
        code
        for item in items
        for code in (range(ord(item[0]), ord(item[2]) + 1) if len(item) == 3 else [ord(item)])
    )
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    expected = {ord(c) for c in regex.compile(source, flags).findall(_ASCII)}
    found = _bytes_of(source, listed, ignore_case, False)
    assert {code for code in found if code < 0x80} == expected


def test_each_character_is_one_byte_so_offsets_stay_those_of_the_text():
    text = "Café “naïve” — ſ \u212a 😀 \udc80 x"
    data = scan_bytes(text)
    assert len(data) == len(text)
    assert data[:3] == b"Caf" and data[-1:] == b"x"
    assert data == bytes(byte_of(ord(c)) for c in text)


def test_constructs_only_regex_reads_get_no_superset():
    def superset(pattern):
        return translate(Reading.of(pattern).tree, True)

    assert superset(r"(?:experts){e<=1} say") is None  # fuzzy matching in `regex`
    assert superset(r"[[:alpha:]]+ say") is None  # a POSIX class
    assert superset(r"(experts) say \1") is None  # a back-reference
    assert superset(r"(?:x)?") is None  # may match empty
    assert superset(r"\{\{\s*\w+\s*\}\}") is not None  # escaped braces are text


def test_a_set_tells_which_branches_may_match_and_where_lines_match_whole():
    texts = BranchSet()
    first = texts.add(Reading.of(r"\bexperts say\b").tree, True)
    second = texts.add(Reading.of(r"according to").tree, True)
    assert texts.matching(scan_bytes("EXPERTS SAY so.")) == {first, texts.size}
    assert texts.first_start(first, scan_bytes("Yes. Experts say"), 0) == 5
    assert texts.first_start(second, scan_bytes("Yes. Experts say"), 0) is None
    lines = BranchSet(lines=True)
    share = lines.add(Reading.of(r"share|tweet").tree, True)
    data = scan_bytes("Share\nShare this story now\nTweet")
    assert lines.line_ends(share, data) == [5, 32]
    unsure = lines.add(Reading.of(r"(share) \1").tree, True)  # a back-reference: any line
    assert lines.line_ends(unsure, data) == [5, 26, 32]


def test_a_set_is_pickled_without_its_compiled_automata():
    texts = BranchSet()
    branch = texts.add(Reading.of(r"\bsaid\b").tree, True)
    assert texts.matching(scan_bytes("he said")) == {branch, texts.size}
    copy = pickle.loads(pickle.dumps(texts))
    assert copy._set is None and copy._singles == {}
    assert copy.matching(scan_bytes("he said")) == {branch, copy.size}


def test_the_public_search_gives_the_spans_of_re2s_own_match():
    """Where a release of the wrapper renames the private names, the fallback answers alike."""
    compiled = re2.compile(b"(?i)said|says", _options())

    class Renamed:  # the wrapper without its private `_regexp`
        search = staticmethod(compiled.search)

    native, fallback = _span_search(compiled), _span_search(Renamed())
    assert native is not fallback
    data = b"She said so. He says no. Nothing."
    for start in range(len(data) + 1):
        for end in (start, len(data) // 2, len(data)):
            if end >= start:
                assert fallback(_UNANCHORED, data, start, end) == native(
                    _UNANCHORED, data, start, end
                )
    assert fallback(_UNANCHORED, b"nothing", 0, 7) == [(-1, -1)]
