"""Run only the branches of a rule's pattern that can match the document.

A pattern rule is an alternation of branches, and most branches need a word
("experts ... say", "according to ...") that most articles do not contain.
Before a pattern runs, each branch's needed strings (every match of the branch
contains one of them) are looked up in the case-folded text with plain
substring search, and the branches that cannot match are left out of the regex.
That changes no match: alternation is leftmost-first, and a branch that cannot
match anywhere in the text never wins. A rule whose branches all need absent
words is not run at all. The branches left are searched each alone when that
finds what their alternation finds (`separable`; safe_regex.first_matches): a
branch that opens with a word then gets the engine's fast literal search.

A branch whose matches are made of word characters, white space and a few other
characters it names (most are: "some experts say", "officials familiar with the
talks said") is searched only in the stretches of such characters that hold one of
its needed strings (`Windowed`): a match lies within one stretch, and a stretch
ends at a comma or a full stop, so a few short searches replace a scan of the text.

The needed strings are read from the branch's syntax tree (`re`'s parser reads
the patterns' syntax; safe_regex.py runs them with its meaning). Whatever the
reading is unsure of (a construct it does not know, a back-reference, a `{`
that `regex` may read as fuzzy matching) needs nothing, so that branch always
runs: the filter may run a branch in vain, never skip one that could match.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from audit.rules.safe_regex import (
    SafePattern,
    Searcher,
    compile_alternation,
    compile_pattern,
    first_matches,
)

try:
    from re import _constants as sre  # Python 3.11+
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - the filter is an optimisation; without it all runs
    sre = sre_parse = None

MAX_NEEDED = 64  # more alternatives than this are not worth looking up one by one
MIN_LENGTH = 3  # needed strings shorter than this are in almost every text
MAX_COMPILED = 64  # compiled branch subsets kept per rule
# A trigram (a, b, c) of code points falls in slot (a*A + b*B + c*C mod 2**32) >> 16 of a
# table of 2**16 (Trigrams): multiplicative hashing, with odd multipliers A, B, C.
_MULTIPLIERS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D)


class _Unsure(Exception):
    """The branch uses something the reading does not follow: it needs nothing."""


# What reading a pattern's syntax tree may raise: then nothing is sure about it.
_UNREADABLE = (_Unsure, re.error, RecursionError, ValueError, TypeError, OverflowError)


def needed_strings(pattern: str, min_length: int = MIN_LENGTH) -> frozenset[str] | None:
    """Case-folded strings of which every match of `pattern` contains one, or None if unsure
    (or if one is shorter than `min_length`, so common that looking it up is not worth it)."""
    return Reading.of(pattern).needs(min_length)


@dataclass(frozen=True)
class Reading:
    """One pattern's syntax tree and the strings it needs, parsed once for all that the filter
    asks of it (both None when the reading is unsure of the pattern)."""

    tree: Any
    needed: set[str] | None

    @classmethod
    def of(cls, pattern: str) -> Reading:
        try:
            tree = _parse(pattern)
            # _needed raises _Unsure on back-references and on what `regex` reads otherwise
            return cls(tree, _needed(tree))
        except _UNREADABLE:
            return cls(None, None)

    def needs(self, min_length: int = MIN_LENGTH) -> frozenset[str] | None:
        needed = self.needed
        if not needed or len(needed) > MAX_NEEDED:
            return None
        folded = frozenset(s.casefold() for s in needed)
        return folded if min(len(s.strip()) for s in folded) >= min_length else None

    def joiners(self) -> str | None:
        """A class of the characters other than word characters and white space that a match
        may hold ("" when none), or None when a match may hold any character or what it reads
        past its end matters (`$`): see `Windowed`."""
        if self.tree is None:
            return None
        extra: set[str] = set()
        try:
            _consumed(self.tree, extra)
        except _UNREADABLE:
            return None
        others = sorted(c for c in extra if not _WORD_OR_SPACE.match(c))
        return "[" + "".join(f"\\U{ord(c):08x}" for c in others) + "]" if others else ""

    def shortest(self) -> int | None:
        """The fewest characters a match can span (None when unsure)."""
        return self._width(0)

    def longest(self) -> int | None:
        """The most characters a match can span, or None when that is unbounded or the reading
        is unsure: a line longer than this cannot match the pattern whole."""
        high = self._width(1)
        return high if high is not None and high < sre.MAXREPEAT else None

    def _width(self, end: int) -> int | None:
        if self.tree is None:
            return None
        try:
            return self.tree.getwidth()[end]
        except _UNREADABLE:
            return None


# Zero-width tests that read nothing past a stretch's end, or read what a search
# stopped there also reads (a stretch is followed by a break, never by a word character).
_WITHIN = frozenset(
    {"AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING", "AT_BOUNDARY", "AT_NON_BOUNDARY"}
)
_WORD_OR_SPACE = regex.compile(r"[\w\s]", regex.VERSION0 | regex.IGNORECASE)
_MARK = regex.compile(r"[^\w\s]", regex.VERSION0)  # what may end a stretch (Windowed)
_CATEGORIES = frozenset({"CATEGORY_WORD", "CATEGORY_SPACE", "CATEGORY_DIGIT"})


def _consumed(sequence, extra: set[str]) -> None:
    """Add to `extra` the characters a match of `sequence` (or a lookahead in it) may hold
    besides word characters and white space; raise _Unsure when it may hold any (`.`,
    `[^...]`, `\\W`) or when a zero-width test reads past the stretch (`$`, `\\Z`)."""
    for op, arg in sequence:
        if op is sre.LITERAL:
            extra.add(chr(arg))
        elif op is sre.IN:
            for item, value in arg:
                if item is sre.LITERAL:
                    extra.add(chr(value))
                elif item is sre.RANGE and value[1] - value[0] < 256:
                    extra.update(chr(c) for c in range(value[0], value[1] + 1))
                elif not (item is sre.CATEGORY and str(value) in _CATEGORIES):
                    raise _Unsure
        elif op is sre.SUBPATTERN:
            _consumed(arg[-1], extra)
        elif op is sre.BRANCH:
            for branch in arg[1]:
                _consumed(branch, extra)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            _consumed(arg[2], extra)
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            _consumed(arg, extra)
        elif op is sre.AT:
            if str(arg) not in _WITHIN:
                raise _Unsure
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if arg[0] > 0:  # a lookahead reads on within the stretch; a lookbehind, before
                _consumed(arg[1], extra)
        else:
            raise _Unsure


def _parse(pattern: str):
    """`re`'s syntax tree of a pattern (raises what `_UNREADABLE` names when it cannot)."""
    if sre_parse is None:
        raise _Unsure
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sre_parse.parse(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Needs:
    """Needed strings, each with the slots of its trigrams in a text's table (`Trigrams`):
    computed once per rule, so that each text rules most of them out without a search."""

    strings: frozenset[str]
    slots: tuple[tuple[str, tuple[int, ...]], ...]

    @classmethod
    def of(cls, strings: Collection[str] | None) -> Needs | None:
        if strings is None:
            return None
        return cls(frozenset(strings), tuple((s, _slots(s)) for s in sorted(strings)))

    def __iter__(self) -> Iterator[str]:
        return iter(self.strings)

    def __len__(self) -> int:
        return len(self.strings)

    def __contains__(self, needed: object) -> bool:
        return needed in self.strings


class Trigrams:
    """Which three-character runs a text holds, hashed into a table: a string with a trigram
    whose slot is empty is not in the text. Most needed strings are absent from most texts,
    and one pass over the text (numpy over its code points) rules nearly all of them out,
    where a substring search for each would read the whole text once per string. The table
    only rules strings out: one that may be there is then searched for."""

    __slots__ = ("_table",)

    def __init__(self, text: str):
        import numpy as np  # the audit imports it anyway; the rule packs load without it

        self._table = bytearray(1 << 16)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        if len(codes) >= 3:
            a, b, c = (np.uint32(m) for m in _MULTIPLIERS)
            slots = codes[:-2] * a + codes[1:-1] * b + codes[2:] * c  # wraps, as hashing wants
            slots >>= np.uint32(16)
            np.frombuffer(self._table, dtype=np.uint8)[slots] = 1

    def may_hold(self, slots: tuple[int, ...]) -> bool:
        """False when the text cannot contain the string with these slots (`Needs.slots`)."""
        return all(map(self._table.__getitem__, slots))

    def candidates(self, needs: Iterable[str] | Needs) -> Iterable[str]:
        """The strings of `needs` the text may contain (all of them for plain strings)."""
        if not isinstance(needs, Needs):
            return needs
        return [s for s, slots in needs.slots if self.may_hold(slots)]


def _slots(needed: str) -> tuple[int, ...]:
    """The table slots of a string's trigrams, as Trigrams hashes a text's (none under three
    characters: such a string is always searched for)."""
    ma, mb, mc = _MULTIPLIERS
    codes = [ord(c) for c in needed]
    trigrams = zip(codes, codes[1:], codes[2:], strict=False)
    return tuple(sorted({((a * ma + b * mb + c * mc) % (1 << 32)) >> 16 for a, b, c in trigrams}))


def may_match(needs: Iterable[str] | Needs | None, folded: str | FoldedText) -> bool:
    """Whether a pattern with these needed strings can match a text, given its case-folded form."""
    if needs is None:
        return True
    if isinstance(folded, FoldedText):
        return folded.holds_any(needs)
    return any(s in folded for s in needs)


def units_with(
    text: str,
    starts: Sequence[int],
    needs: Iterable[str] | Needs,
    trigrams: Trigrams | None = None,
) -> set[int]:
    """The units of `text` in which one of these strings starts (unit k runs from `starts[k]`
    to the next start): the only units a pattern with these needed strings can match when
    `text` is the units case-folded and joined. A few plain substring searches over the whole
    text cost less than one regex search a unit; `trigrams` (the text's) rules out most
    strings without a search."""
    found: set[int] = set()
    for needed in needs if trigrams is None else trigrams.candidates(needs):
        position = text.find(needed)
        while position >= 0:
            unit = bisect_right(starts, position) - 1
            found.add(unit)
            # on to the next unit: one occurrence is enough for a unit
            following = starts[unit + 1] if unit + 1 < len(starts) else len(text)
            position = text.find(needed, following)
    return found


class FoldedText:
    """A document's case-folded text that remembers which needed strings it contains: the
    pattern rules of a run share many ("said", "according to "), and each is looked up
    once per document, not once per branch that needs it."""

    __slots__ = ("_breaks", "_marks", "_positions", "_seen", "_trigrams", "cased", "text")

    def __init__(self, text: str, cased: str | None = None):
        self.text = text
        # the text it folds, when folding kept every character in its place: then the
        # branches of a pattern are searched only in the stretches that can hold a match
        self.cased = cased if cased is not None and len(cased) == len(text) else None
        self._seen: dict[str, bool] = {}
        self._trigrams: Trigrams | None = None
        self._positions: dict[str, list[int]] = {}
        self._marks: list[int] | None = None
        self._breaks: dict[tuple[str, int] | None, list[int]] = {}

    def __contains__(self, needed: str) -> bool:
        found = self._seen.get(needed)
        if found is None:
            found = self._seen[needed] = needed in self.text
        return found

    def holds_any(self, needs: Iterable[str] | Needs) -> bool:
        """Whether the text contains one of these strings; with `Needs`, the strings whose
        trigrams it lacks are ruled out without a search."""
        if not isinstance(needs, Needs):
            return any(s in self for s in needs)
        return any(self._holds(needed, slots) for needed, slots in needs.slots)

    def windows(self, needs: Needs, joiners: regex.Pattern | None) -> list[tuple[int, int]]:
        """The stretches of the cased text between two breaks that hold one of these needed
        strings, in order: a break is a character that is no word character, no white
        space and none of the `joiners` (the other characters a match of the branch may
        hold), so no match holds one."""
        ends = self._break_positions(joiners)
        last = len(self.text)
        stretches: set[tuple[int, int]] = set()
        for needed, slots in needs.slots:
            if not self._holds(needed, slots):
                continue
            for position in self._positions_of(needed):
                i = bisect_left(ends, position)
                if i < len(ends) and ends[i] == position:
                    continue  # it opens on a break: no match holds it
                stretches.add((ends[i - 1] + 1 if i else 0, ends[i] if i < len(ends) else last))
        return sorted(stretches)

    def _holds(self, needed: str, slots: tuple[int, ...]) -> bool:
        found = self._seen.get(needed)
        if found is None:
            if self._trigrams is None:
                self._trigrams = Trigrams(self.text)
            found = self._seen[needed] = self._trigrams.may_hold(slots) and needed in self.text
        return found

    def _positions_of(self, needed: str) -> list[int]:
        found = self._positions.get(needed)
        if found is None:
            found = self._positions[needed] = []
            position = self.text.find(needed)
            while position >= 0:
                found.append(position)
                position = self.text.find(needed, position + 1)
        return found

    def _break_positions(self, joiners: regex.Pattern | None) -> list[int]:
        key = None if joiners is None else (joiners.pattern, joiners.flags)
        found = self._breaks.get(key)
        if found is None:
            cased = self.cased
            assert cased is not None
            if self._marks is None:  # one pass, shared by every branch
                self._marks = [m.start() for m in _MARK.finditer(cased)]
            if joiners is None:
                found = self._marks
            else:
                marks = [cased[position] for position in self._marks]
                joined = {mark for mark in set(marks) if joiners.match(mark)}  # a few distinct
                found = [
                    p for p, mark in zip(self._marks, marks, strict=True) if mark not in joined
                ]
            self._breaks[key] = found
        return found


@dataclass(frozen=True)
class Windowed:
    """A branch searched only in the stretches of a text that can hold its matches
    (FoldedText.windows): its first match at or after a position is the first in them."""

    pattern: SafePattern
    stretches: list[tuple[int, int]]

    def search(self, text: str, position: int, timeout: float) -> regex.Match | None:
        compiled = self.pattern.compiled
        stretches = self.stretches
        # a match holds no break, so none starts at a stretch's end
        first = bisect_right([end for _, end in stretches], position)
        for start, end in stretches[first:]:
            match = compiled.search(text, max(start, position), end, timeout=timeout)
            if match is not None:
                return match
        return None


def _needed(sequence) -> set[str] | None:
    """The most selective needed set among a sequence's mandatory parts (literal runs and
    groups, alternations and repeats of at least one)."""
    candidates: list[set[str]] = []
    run = ""
    for op, arg in sequence:
        if op is sre.LITERAL:
            if arg == ord("{"):
                raise _Unsure  # `regex` reads `{e<=1}` as fuzzy matching, `re` as text
            run += chr(arg)
            continue
        if op is sre.AT:
            continue  # zero-width: the text on either side stays adjacent
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            _check(arg[1])
            continue
        if run:
            candidates.append({run})
            run = ""
        found = _needed_in(op, arg)
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(s.strip()) for s in c), -len(c)))


def _needed_in(op, arg) -> set[str] | None:
    if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
        raise _Unsure  # dropping a branch would renumber the groups it refers to
    if op is sre.SUBPATTERN:
        return _needed(arg[-1])
    if op is sre.BRANCH:
        alternatives = [_needed(branch) for branch in arg[1]]
        if any(a is None for a in alternatives):
            return None
        return set().union(*alternatives)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, body = arg
        return _needed(body) if low >= 1 else _check(body)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _needed(arg)
    return None


def _check(sequence) -> None:
    """An optional part needs nothing, but must not hide a construct that makes us unsure."""
    _needed(sequence)
    return None


def separable(branches: Sequence[str]) -> bool:
    """Whether the branches, each searched alone, find what their alternation finds
    (safe_regex.first_matches): none may match empty (a scan would not move on), refer to a
    group (its number changes alone) or set a flag for the whole pattern; when unsure, no."""
    return _separable(branches, [Reading.of(b) for b in branches])


def _separable(branches: Sequence[str], readings: Sequence[Reading]) -> bool:
    try:
        # `re` refuses a global flag inside an alternation; `regex` would apply it to all.
        _parse("|".join(f"(?:{b})" for b in branches))
    except _UNREADABLE:
        return False
    # An unsure reading has no width: group references and `regex`'s own syntax are unsure.
    return all(reading.shortest() not in (None, 0) for reading in readings)


@dataclass
class BranchFilter:
    """A rule's branches, what each needs, and their regexes, compiled when first run: each
    branch alone when the branches are separable, else the alternation of each subset seen so
    far. A branch no document needs is never compiled (a one-draft check runs about a third)."""

    branches: tuple[str, ...]
    needs: tuple[Needs | None, ...]
    ignore_case: bool
    separable: bool  # each branch searched alone finds what the alternation finds
    # per branch with needed strings, the characters besides word characters and white
    # space that its matches may hold (Reading.joiners): it is searched only in the
    # stretches that hold them and a needed string (Windowed); None: in the whole text
    joiners: tuple[str | None, ...] = ()
    _compiled: dict[tuple[int, ...], SafePattern] = field(default_factory=dict, repr=False)
    _alone: dict[int, SafePattern] = field(default_factory=dict, repr=False)
    _joiners: dict[str, regex.Pattern] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, branches: Sequence[str], ignore_case: bool) -> BranchFilter:
        readings = [Reading.of(branch) for branch in branches]
        needs = tuple(Needs.of(reading.needs()) for reading in readings)
        joiners = tuple(
            None if need is None else reading.joiners()
            for need, reading in zip(needs, readings, strict=True)
        )
        return cls(tuple(branches), needs, ignore_case, _separable(branches, readings), joiners)

    @property
    def full(self) -> SafePattern:
        """The alternation of every branch."""
        return self._alternation(tuple(range(len(self.branches))))

    def finditer(self, text: str, folded: str | FoldedText) -> Iterator[regex.Match]:
        """What the full pattern finds in `text`, running only the branches that can match it
        (`folded` is its case-folded form)."""
        active = self._active(folded)
        if not active:
            return iter(())
        if self.separable:
            return first_matches([self._searcher(i, text, folded) for i in active], text)
        return self._alternation(active).finditer(text)

    def select(self, folded: str | FoldedText) -> SafePattern | None:
        """The regex of the branches that can match `folded` (the case-folded text), or None."""
        active = self._active(folded)
        return self._alternation(active) if active else None

    def _active(self, folded: str | FoldedText) -> tuple[int, ...]:
        return tuple(i for i, need in enumerate(self.needs) if may_match(need, folded))

    def _searcher(self, i: int, text: str, folded: str | FoldedText) -> Searcher:
        """Branch i, searched only in the stretches that can hold its matches when it can be
        (Windowed), else through the whole text."""
        joiners, needs = self.joiners[i] if self.joiners else None, self.needs[i]
        if joiners is None or needs is None or not isinstance(folded, FoldedText):
            return self._branch(i)
        if folded.cased is not text:
            return self._branch(i)
        compiled = self._joiners.get(joiners)
        if compiled is None and joiners:
            flags = regex.VERSION0 | (regex.IGNORECASE if self.ignore_case else 0)
            compiled = self._joiners[joiners] = regex.compile(joiners, flags)
        return Windowed(self._branch(i), folded.windows(needs, compiled))

    def _branch(self, i: int) -> SafePattern:
        pattern = self._alone.get(i)
        if pattern is None:
            pattern = self._alone[i] = compile_pattern(self.branches[i], self.ignore_case)
        return pattern

    def _alternation(self, active: tuple[int, ...]) -> SafePattern:
        pattern = self._compiled.get(active)
        if pattern is None:
            pattern = compile_alternation([self.branches[i] for i in active], self.ignore_case)
            if len(self._compiled) < MAX_COMPILED:
                self._compiled[active] = pattern
        return pattern
