"""Which of a feature's patterns may match a text, read in one pass, so that only those are searched.

The claim and attribution checks ask a dozen patterns of each short text (a
sentence, a subject), and `re` reads the text once for each of them, though most
find nothing. RE2's set reads it once for all of them and rules most out
(rules/multiscan.py: each pattern's superset never misses a match of the
pattern). `re` then searches only the patterns left, and alone decides every
result. (A set reads a long text more slowly than `re` finds an early match: the
gate is for short texts and many patterns.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from audit.rules.multiscan import BranchSet, scan_bytes
from audit.rules.prefilter import Reading

# Characters `re` counts as white space and RE2's supersets do not (they take their sets
# from `regex`): a text holding one is searched with every pattern.
_UNSURE = re.compile("[\x1c-\x1f]")


# How many texts a gate reads ungated before it is built: building it (its patterns parsed and
# translated, RE2's set compiled) costs about 10 ms, what gating a thousand or so short texts
# saves; a one-draft check reads a few dozen and never builds it, a corpus's run builds it early.
BUILD_AFTER = 1000

# The flags a superset follows: it is read from the pattern's text, so a flag that changes what
# that text means (VERBOSE, DOTALL, MULTILINE...) would make it miss matches. And RE2's case
# folding is `regex`'s, which does not fold the dotted and dotless i as `re` does.
_FOLLOWED = re.IGNORECASE | re.UNICODE
_FOLDED_APART = re.compile("[\u0130\u0131]")


class PatternGate:
    """A fixed list of patterns, and their supersets in one RE2 set once it is built."""

    def __init__(self, patterns: Iterable[re.Pattern[str]], after: int = BUILD_AFTER):
        self.patterns = tuple(patterns)
        for pattern in self.patterns:
            if pattern.flags & ~_FOLLOWED or (
                pattern.flags & re.IGNORECASE and _FOLDED_APART.search(pattern.pattern)
            ):
                raise ValueError(f"a gate cannot stand in for {pattern!r}: its superset could miss")
        self._ids = frozenset(map(id, self.patterns))
        # Each branch's pattern by the branch's id in the set, then the set's sentinel's.
        self._id_at = (*map(id, self.patterns), None)
        self._unread = after  # texts still to read ungated before the set is built
        self._branches: BranchSet | None = None

    def read(self, text: str) -> GatedText:
        """The text with the patterns that cannot match it."""
        branches = self._branches
        if branches is None:
            if self._unread > 0:
                self._unread -= 1
                return ungated(text)
            branches = self._branches = self._built()
        found = None if _UNSURE.search(text) else branches.matching(scan_bytes(text))
        if found is None:
            return ungated(text)
        return GatedText(text, self._ids.difference(map(self._id_at.__getitem__, found)))

    def _built(self) -> BranchSet:
        branches = BranchSet()
        for pattern in self.patterns:
            tree = Reading.of(pattern.pattern).tree
            branches.add(tree, bool(pattern.flags & re.IGNORECASE))
        return branches


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
