"""Which of a feature's patterns may match a text, read in one pass, so that only those are searched.

The claim and attribution checks ask a dozen patterns of each short text (a
sentence, a subject), and `re` reads the text once for each of them, though most
find nothing. RE2's set reads it once for all of them and rules most out
(rules/multiscan.py: each pattern's superset never misses a match of the
pattern). `re` then searches only the patterns left, and alone decides every
result. (A set reads a long text more slowly than `re` finds an early match: the
gate is for short texts and many patterns.)

A pattern searched over a whole article whose matches are few (`LedPatterns`) is
tried only where its superset starts a match: RE2 finds those places without
trying `re` at each word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from audit.rules.multiscan import BranchSet, scan_bytes
from audit.rules.prefilter import Reading


def _unsure(text: str) -> bool:
    """Whether the text holds a character `re` counts as white space and RE2's supersets do
    not (they take their sets from `regex`): then it is searched with every pattern. Four
    substring tests: `re` reads an article for their class ([\\x1c-\\x1f]) a hundred times
    more slowly."""
    return "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text


# How many documents a batch holds for it to read through gates not built yet: building both
# (their patterns parsed and translated, RE2's sets compiled) costs about 25 ms of CPU, and
# they save about 0.6 ms an article; a one-draft check never builds them (`Gates.for_batch`).
GATED_BATCH = 16

# The flags a superset follows: it is read from the pattern's text, so a flag that changes what
# that text means (VERBOSE, DOTALL, MULTILINE...) would make it miss matches. And RE2's case
# folding is `regex`'s, which does not fold the dotted and dotless i as `re` does.
_FOLLOWED = re.IGNORECASE | re.UNICODE
_FOLDED_APART = re.compile("[\u0130\u0131]")


def _refuse_unfollowed(pattern: re.Pattern[str]) -> None:
    if pattern.flags & ~_FOLLOWED or (
        pattern.flags & re.IGNORECASE and _FOLDED_APART.search(pattern.pattern)
    ):
        raise ValueError(f"a gate cannot stand in for {pattern!r}: its superset could miss")


class _Supersets:
    """A fixed list of patterns, and their supersets in one RE2 set (each pattern's branch its
    place in `patterns`), built on first use."""

    # Whether a pattern that may match the empty string is refused when the set is built.
    refuses_empty = False

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        for pattern in self.patterns:
            _refuse_unfollowed(pattern)
        self._branches: BranchSet | None = None

    @property
    def built(self) -> bool:
        return self._branches is not None

    def build(self) -> BranchSet:
        """The RE2 set of the supersets, built on the first call."""
        if self._branches is None:
            branches = BranchSet()
            for pattern in self.patterns:
                reading = Reading.of(pattern.pattern)
                if self.refuses_empty and not reading.shortest():
                    raise ValueError(f"{pattern!r} may match the empty string")
                branches.add(reading.tree, bool(pattern.flags & re.IGNORECASE))
            self._branches = branches
        return self._branches


class PatternGate(_Supersets):
    """Patterns each text is asked about: the set rules out those that cannot match it."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        super().__init__(patterns)
        self._ids = frozenset(map(id, self.patterns))
        # Each branch's pattern by the branch's id in the set, then the set's sentinel's.
        self._id_at = (*map(id, self.patterns), None)

    def read(self, text: str) -> GatedText:
        """The text with the patterns that cannot match it."""
        found = None if _unsure(text) else self.build().matching(scan_bytes(text))
        if found is None:
            return ungated(text)
        return GatedText(text, self._ids.difference(map(self._id_at.__getitem__, found)))


class LedPatterns(_Supersets):
    """Patterns searched over a whole article, each only where its superset starts a match:
    RE2 finds those places (a few dozen an article) without `re` tried at every word."""

    refuses_empty = True  # `LedText.finditer` steps past a place where nothing matched

    def __init__(self, patterns: Iterable[re.Pattern[str]]):
        super().__init__(patterns)
        self._branch_of = {id(pattern): i for i, pattern in enumerate(self.patterns)}

    def read(self, text: str) -> LedText | None:
        """The text as the supersets read it, or None when they may miss a match in it."""
        if _unsure(text):
            return None
        return LedText(text, scan_bytes(text), self.build(), self._branch_of)


@dataclass(frozen=True, slots=True)
class LedText:
    """A text read by `LedPatterns`: where each of their matches may start."""

    text: str
    data: bytes  # scan_bytes(text)
    branches: BranchSet
    branch_of: dict[int, int]  # by the pattern's id

    def _reader(
        self, pattern: re.Pattern[str]
    ) -> tuple[int, bytes, Callable[[int, bytes, int], int | None]]:
        """What a search of `pattern` reads: its branch, the text's bytes, and the lookup of the
        first place at or after a position where the branch's superset may start a match."""
        return self.branch_of[id(pattern)], self.data, self.branches.first_start

    def finditer(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """The matches `pattern.finditer(self.text)` yields: each place one may start, in
        order, tried in place (none starts where the superset does not), the next search
        from the end of each match found."""
        text, match = self.text, pattern.match
        branch, data, first_start = self._reader(pattern)
        found = []
        start = first_start(branch, data, 0)
        while start is not None and start < len(text):  # a superset RE2 lacks may match empty
            one = match(text, start)
            if one is None:
                start = first_start(branch, data, start + 1)
            else:
                found.append(one)
                start = first_start(branch, data, one.end())
        return found

    def units_with(self, pattern: re.Pattern[str], starts: Sequence[int]) -> list[int]:
        """The units of the text (unit i from starts[i] to starts[i + 1]) in which a match of
        `pattern` may start: every unit that holds a match of its own."""
        branch, data, first_start = self._reader(pattern)
        units = []
        start = first_start(branch, data, 0)
        while start is not None and start < len(self.text):
            unit = bisect_right(starts, start) - 1
            units.append(unit)
            start = first_start(branch, data, starts[unit + 1]) if unit + 1 < len(starts) else None
        return units


@dataclass(frozen=True, eq=False)
class Gates:
    """The gates of the checks that search many texts, one set per auditor: the claim
    checks' (features/claims.py), the subjects' and the sentences' (features/attribution.py)."""

    claims: PatternGate
    subjects: PatternGate
    sentences: LedPatterns  # what an article's sentences are searched for, joined

    @property
    def built(self) -> bool:
        return self.claims.built and self.subjects.built and self.sentences.built

    def build(self) -> None:
        """Build them now (a long-lived auditor's warm-up): every batch then reads through them."""
        self.claims.build()
        self.subjects.build()
        self.sentences.build()

    def for_batch(self, size: int) -> Gates | None:
        """These gates for a batch of `size` documents to read through, or None (every pattern
        searched): a batch large enough repays building them, and once built they cost nothing
        more. Decided per batch, so a one-draft check never pays for them."""
        return self if self.built or size >= GATED_BATCH else None

    def for_document(self) -> DocumentGates:
        """These gates as one document's checks read through them, each short text once."""
        return DocumentGates(TextReads(self.claims), TextReads(self.subjects), self.sentences)


@dataclass(frozen=True, eq=False)
class TextReads:
    """A gate's reads of one document's texts, each text read once: its checks ask about the
    same short texts again and again (a subject named in several sentences, a sentence read
    by several checks), and a read depends only on the text. The reads live as long as the
    document's analysis, which its batch keeps until the whole batch is audited."""

    gate: PatternGate
    found: dict[str, GatedText] = field(default_factory=dict)

    def read(self, text: str) -> GatedText:
        read = self.found.get(text)
        if read is None:
            read = self.found[text] = self.gate.read(text)
        return read


@dataclass(frozen=True, eq=False)
class DocumentGates:
    """The gates one document's checks read through (Gates.for_document), in its analysis."""

    claims: TextReads
    subjects: TextReads
    sentences: LedPatterns


@dataclass(frozen=True, slots=True)
class GatedText:
    """A text, and the patterns that cannot match it (`closed`, by their `id`: the gate's
    patterns are kept alive by the gate). Any other pattern is searched."""

    text: str
    closed: frozenset[int]

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        return id(pattern) not in self.closed

    # Each search reads the text, or `part`, a part of it: what cannot match the text cannot
    # match a part of it either (a superset holds no anchor and no lookaround).
    def search(self, pattern: re.Pattern[str], part: str | None = None) -> re.Match[str] | None:
        if id(pattern) in self.closed:
            return None
        return pattern.search(self.text if part is None else part)

    def match(self, pattern: re.Pattern[str], part: str | None = None) -> re.Match[str] | None:
        if id(pattern) in self.closed:
            return None
        return pattern.match(self.text if part is None else part)


def ungated(text: str) -> GatedText:
    """A text searched with every pattern (one no gate has read)."""
    return GatedText(text, frozenset())


# How a check reads its texts: through a gate (`PatternGate.read`) or not (`ungated`).
Reader = Callable[[str], GatedText]
