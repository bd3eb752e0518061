"""Run only the branches of a rule's pattern that can match the document, and each only
from where it can match.

A pattern rule is an alternation of branches, and most branches need words
("experts ... say", "according to ...") that most articles do not contain. The
run's branches are looked for together in one pass over the text (multiscan.py:
RE2 runs a superset of each branch, never dropping a match), and a branch whose
superset finds nothing is left out of the regex. That changes no match:
alternation is leftmost-first, and a branch that cannot match anywhere in the text
never wins. A rule whose branches all find nothing is not run at all. The
branches left are searched each alone when that finds what their alternation
finds (`separable`; safe_regex.first_matches), and each search starts where the
branch's superset first matches (`Led`): no match of the branch starts before it.

`Reading` reads a pattern's syntax tree (`re`'s parser reads the patterns' syntax;
safe_regex.py runs them with its meaning) for the strings every match contains
(`needed_strings`, which the feature modules look up) and for how long a match can
be. Whatever the reading is unsure of (a construct it does not know, a
back-reference, a `{` that `regex` may read as fuzzy matching) needs nothing.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from re import _constants as sre  # Python 3.11+ (the project's minimum)
from re import _parser as sre_parse
from typing import Any

import regex

from audit.rules.multiscan import BranchSet
from audit.rules.safe_regex import (
    SafePattern,
    compile_alternation,
    compile_pattern,
    first_matches,
)

_IMPLIED = int(re.UNICODE)  # the flag a str pattern has without asking
MAX_NEEDED = 64  # more alternatives than this are not worth looking up one by one
MIN_LENGTH = 3  # needed strings shorter than this are in almost every text
MAX_COMPILED = 64  # compiled branch subsets kept per rule
STARTS_TRIED = 16  # where a branch's superset starts, tried in place before a search (Led)
# A trigram (a, b, c) of code points falls in slot (a*A + b*B + c*C mod 2**32) >> 16 of a
# table of 2**16 (Trigrams): multiplicative hashing, with odd multipliers A, B, C.
_MULTIPLIERS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D)


class _Unsure(Exception):
    """The branch uses something the reading does not follow: it needs nothing."""


# What `regex` reads otherwise than `re`'s parser: a POSIX class (`[[:alpha:]]`), and a `{` that
# opens no count (`{e<=1}`: fuzzy matching), unless escaped.
_REGEX_ONLY = re.compile(r"\[:\^?[a-z]+:\]|(?<!\\)(?:\\\\)*\{(?!\d*(?:,\d*)?\})")
# Where a pattern may refer to a group (`\\1`, `(?P=name)`, `(?(1)...)`), its tree is read for the
# references as it is parsed: dropping or searching alone a branch that holds one would renumber
# the groups it refers to. Elsewhere it has none.
_MAY_REFER = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
# What reading a pattern's syntax tree may raise: then nothing is sure about it.
_UNREADABLE = (_Unsure, re.error, RecursionError, ValueError, TypeError, OverflowError)


def needed_strings(pattern: str, min_length: int = MIN_LENGTH) -> frozenset[str] | None:
    """Case-folded strings of which every match of `pattern` contains one, or None if unsure
    (or if one is shorter than `min_length`, so common that looking it up is not worth it)."""
    return Reading.of(pattern).needs(min_length)


@dataclass(frozen=True)
class Reading:
    """One pattern's syntax tree, parsed once for all that the filter asks of it, and the strings
    it needs, read from the tree when first asked for (the engine never asks: a one-draft check
    reads a hundred trees for nothing). Both are None when the reading is unsure of the pattern."""

    tree: Any

    @classmethod
    def of(cls, pattern: str) -> Reading:
        try:
            tree = _parse(pattern)
            if _MAY_REFER.search(pattern):
                _needed(tree)  # raises _Unsure on a back-reference
            return cls(tree)
        except _UNREADABLE:
            return cls(None)

    @cached_property
    def needed(self) -> set[str] | None:
        if self.tree is None:
            return None
        try:
            return _needed(self.tree)
        except _UNREADABLE:
            return None

    def needs(self, min_length: int = MIN_LENGTH) -> frozenset[str] | None:
        needed = self.needed
        if not needed or len(needed) > MAX_NEEDED:
            return None
        folded = frozenset(s.casefold() for s in needed)
        return folded if min(len(s.strip()) for s in folded) >= min_length else None

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


def _parse(pattern: str):
    """`re`'s syntax tree of a pattern (raises what `_UNREADABLE` names when it cannot, or when
    the pattern holds syntax that `regex` reads otherwise)."""
    if _REGEX_ONLY.search(pattern):
        raise _Unsure
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sre_parse.parse(pattern)


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


def may_match(needs: Iterable[str] | Needs | None, folded: str) -> bool:
    """Whether a pattern with these needed strings can match a text, given its case-folded form."""
    if needs is None:
        return True
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


def _needed(sequence) -> set[str] | None:
    """The most selective needed set among a sequence's mandatory parts (literal runs and
    groups, alternations and repeats of at least one)."""
    candidates: list[set[str]] = []
    run = ""
    for op, arg in sequence:
        if op is sre.LITERAL:
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
    return _separable([Reading.of(b) for b in branches])


def _separable(readings: Sequence[Reading]) -> bool:
    # `regex` applies a global flag inside an alternation to every branch (`re` refuses it).
    # An unsure reading has no width: group references and `regex`'s own syntax are unsure.
    return all(
        reading.tree is not None
        and not int(reading.tree.state.flags) & ~_IMPLIED
        and reading.shortest() not in (None, 0)
        for reading in readings
    )


@dataclass(frozen=True)
class Led:
    """A branch searched from where its superset (multiscan.py) first matches at or after the
    position: a match of the branch is a match of its superset, so none starts before."""

    pattern: SafePattern
    branches: BranchSet
    branch: int  # its id in `branches`
    data: bytes  # the text as the superset reads it (multiscan.scan_bytes)

    def search(self, text: str, position: int, timeout: float) -> regex.Match | None:
        """The first match at or after `position`. A match of the branch starts where one of
        its superset does: the first few such starts are tried in place, and the search then
        runs on from the next (a superset that may start anywhere, `\\w+ly`, would otherwise
        be tried at every character)."""
        compiled, branches = self.pattern.compiled, self.branches
        start = branches.first_start(self.branch, self.data, position)
        for _ in range(STARTS_TRIED):
            if start is None:
                return None
            match = compiled.match(text, start, timeout=timeout)
            if match is not None:
                return match
            start = branches.first_start(self.branch, self.data, start + 1)
        return None if start is None else compiled.search(text, start, timeout=timeout)


@dataclass
class BranchFilter:
    """A rule's branches, their ids in the run's BranchSet, and their regexes, compiled when
    first run: each branch alone when the branches are separable, else the alternation of
    each subset seen so far. A branch no document needs is never compiled (a one-draft check
    runs about a third)."""

    branches: tuple[str, ...]
    ids: tuple[int, ...]  # each branch's id in `branch_set`
    ignore_case: bool
    separable: bool  # each branch searched alone finds what the alternation finds
    branch_set: BranchSet
    _compiled: dict[tuple[int, ...], SafePattern] = field(default_factory=dict, repr=False)
    _alone: dict[int, SafePattern] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, branches: Sequence[str], ignore_case: bool, branch_set: BranchSet) -> BranchFilter:
        readings = [Reading.of(branch) for branch in branches]
        ids = tuple(branch_set.add(reading.tree, ignore_case) for reading in readings)
        return cls(tuple(branches), ids, ignore_case, _separable(readings), branch_set)

    @property
    def full(self) -> SafePattern:
        """The alternation of every branch."""
        return self._alternation(tuple(range(len(self.branches))))

    def finditer(
        self, text: str, data: bytes, found: Collection[int] | None
    ) -> Iterator[regex.Match]:
        """What the full pattern finds in `text`, running only the branches whose ids the
        branch set `found` in it (`data`: the text as the set reads it; None: any may match)."""
        active = tuple(i for i, branch in enumerate(self.ids) if found is None or branch in found)
        if not active:
            return iter(())
        if self.separable:
            searchers = [Led(self._branch(i), self.branch_set, self.ids[i], data) for i in active]
            return first_matches(searchers, text)
        return self._alternation(active).finditer(text)

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
