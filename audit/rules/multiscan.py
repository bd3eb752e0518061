"""Look for every rule branch in one pass over a text, never missing a match.

Python's regex engine searches one pattern at a time, so each of a run's hundred
rule branches would read every article. RE2's set reads a text once for all of
them and says which may match; each branch's own RE2 expression then says where
its first possible match starts. RE2 cannot run our patterns as they are (no
lookarounds, other Unicode tables and case folding), so each branch becomes a
SUPERSET of itself: an expression that matches every string the branch matches,
and maybe more. The engine runs a branch's own regex (safe_regex.py) only on texts
its superset matches, and only from where the superset starts (prefilter.Led,
kinds.LineKind); those regexes alone decide every finding.

Why a superset cannot drop a match: every construct is widened, never narrowed.
- Zero-width tests (`\\b`, `^`, `$`, lookahead, lookbehind) are dropped: they only
  ever reject a match of the characters around them.
- Atomic groups and possessive repeats become plain ones; a repeat of more than a
  few becomes "any number from a few on" (RE2 builds long counts slowly).
- The text is read as bytes, one a character (`scan_bytes`): an ASCII character is
  its own byte, any other 0x80 plus its low seven bits. Characters that share a
  byte can only add matches.
- A character set takes, among ASCII bytes, exactly the characters that `regex`
  matches with it, with the branch's flags: a set that lists its characters takes
  them from the list (with the other case of each letter when case is ignored), any
  other set, or one listing a character of `_FOLDED_ONTO` when case is ignored, is
  asked of `regex` once; beyond, the bytes of the characters it lists, or
  every non-ASCII byte when it may match characters it does not list (`\\w`, a
  negated set, a non-ASCII letter when case is ignored).
  Case-insensitive ASCII letters also take the bytes of the few characters beyond
  ASCII that `regex` folds onto them (`_FOLDED_ONTO`, which a test checks against
  every code point).
A branch the reading is unsure of (a back-reference, syntax that `regex` reads
otherwise than `re`'s parser, a branch that may match the empty string) or that is
too large for RE2 is scanned as "anything": it runs on every text, from anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from re import _constants as sre  # Python 3.11+
from typing import Any

import numpy as np
import re2
import regex

# Non-ASCII characters that `regex` (VERSION0, IGNORECASE) matches with an ASCII letter:
# the Kelvin sign, the long s and the dotted and dotless i.
_FOLDED_ONTO = {"k": "\u212a", "s": "\u017f", "i": "\u0130\u0131"}
_FOLDING = frozenset(ord(c) for others in _FOLDED_ONTO.values() for c in others)
_ASCII = "".join(map(chr, range(128)))
_NON_ASCII = frozenset(range(0x80, 0x100))
_MAX_BOUND = 3  # repeat counts beyond this are read as "any number"
_WIDE_RANGE = 128  # a set's range of more non-ASCII characters than this takes every such byte
_MAX_MEMORY = 64 << 20  # for RE2's automata
_ANYTHING = b"[\\x00-\\xff]*"
_ANY_LINE = b"(?m:^[^\\n]*$)"
# RE2's own anchor value, a private name of the wrapper (see _span_search).
_UNANCHORED = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
_IN_LINE = 1 << 30  # beside `re`'s flags while translating: the text holds no newline
_IGNORECASE, _DOTALL = int(re.IGNORECASE), int(re.DOTALL)
_SET_FLAGS = _IGNORECASE | _DOTALL | _IN_LINE  # what a character set's bytes depend on
_CHARACTERS = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)  # one-character elements
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CATEGORY_CODES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


class _Unsure(Exception):
    """The branch uses something the translation does not follow: it gets no expression."""


def byte_of(code: int) -> int:
    """The byte a character is scanned as."""
    return code if code < 0x80 else 0x80 | (code & 0x7F)


def scan_bytes(text: str) -> bytes:
    """The text as the supersets read it: one byte a character (`byte_of`), so that a byte
    offset is a character offset."""
    if text.isascii():
        return text.encode("ascii")
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    # A code's low byte, with its top bit set beyond ASCII: 0x80 plus its low seven bits.
    return (codes.astype(np.uint8) | ((codes > 0x7F).view(np.uint8) << 7)).tobytes()


def translate(tree: Any, ignore_case: bool, in_line: bool = False) -> bytes | None:
    """An RE2 expression that matches (at least) whatever a pattern matches, on the text's
    bytes (`scan_bytes`), from the pattern's syntax tree (prefilter.Reading: None when the
    reading is unsure of it); None when unsure or when the pattern may match empty. With
    `in_line`, for text that holds no newline: no set holds one."""
    if tree is None:
        return None
    try:
        if tree.getwidth()[0] == 0:
            return None
        flags = int(tree.state.flags) | (_IGNORECASE if ignore_case else 0)
        return _sequence(tree, flags | (_IN_LINE if in_line else 0)).encode("ascii")
    except (_Unsure, RecursionError, ValueError, TypeError, OverflowError):
        return None


def _sequence(sequence, flags: int) -> str:
    return "".join(_item(op, arg, flags) for op, arg in sequence)


def _item(op, arg, flags: int) -> str:
    if op in _CHARACTERS:
        return _character(op, arg if op is not sre.IN else tuple(arg), flags & _SET_FLAGS)
    if op is sre.SUBPATTERN:
        _, add, remove, body = arg
        return "(?:" + _sequence(body, (flags | int(add)) & ~int(remove)) + ")"
    if op is sre.BRANCH:
        return "(?:" + "|".join(_sequence(branch, flags) for branch in arg[1]) + ")"
    if op in _REPEATS:
        low, high, body = arg
        bound = str(high) if high <= _MAX_BOUND else ""
        return f"(?:{_sequence(body, flags)}){{{min(low, _MAX_BOUND)},{bound}}}"
    if op is sre.ATOMIC_GROUP:
        return "(?:" + _sequence(arg, flags) + ")"
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return ""  # zero-width: dropping it only adds matches
    raise _Unsure  # group references, conditionals, anything unknown


def _one_character(op, arg) -> tuple[str, tuple[int, ...] | None]:
    """A one-character element as a regex `regex` can read alone, and the characters it lists
    (None when it may match characters it does not list: a negation, a category, `.`, a
    wide range)."""
    if op is sre.LITERAL:
        return _char(arg), (arg,)
    if op is sre.NOT_LITERAL:
        return f"[^{_char(arg)}]", None
    if op is sre.ANY:
        return ".", None
    parts: list[str] = []
    listed: list[int] | None = []
    for item, value in arg:
        if item is sre.NEGATE:
            parts.insert(0, "^")
            listed = None
        elif item is sre.LITERAL:
            parts.append(_char(value))
            listed = None if listed is None else [*listed, value]
        elif item is sre.RANGE:
            low, high = value
            parts.append(f"{_char(low)}-{_char(high)}")
            if listed is not None and high - max(low, 0x80) < _WIDE_RANGE:
                listed = [*listed, *range(low, high + 1)]
            else:
                listed = None
        elif item is sre.CATEGORY and value in _CATEGORY_CODES:
            parts.append(_CATEGORY_CODES[value])
            listed = None
        else:
            raise _Unsure
    return "[" + "".join(parts) + "]", None if listed is None else tuple(listed)


def _char(code: int) -> str:
    return f"\\U{code:08x}"


@cache
def _character(op, arg, flags: int) -> str:
    """The class of bytes a one-character element (its op and hashable argument) may match,
    with these flags (`_SET_FLAGS`)."""
    source, listed = _one_character(op, arg)
    found = _bytes_of(source, listed, bool(flags & _IGNORECASE), bool(flags & _DOTALL))
    return _class(found - {ord("\n")} if flags & _IN_LINE else found)


def _bytes_of(
    source: str, listed: tuple[int, ...] | None, ignore_case: bool, dotall: bool
) -> frozenset[int]:
    """The bytes a one-character regex may match: on the ASCII side, those `regex` matches;
    beyond, every byte that a character it may match maps to (a superset)."""
    if listed is not None and not (ignore_case and _FOLDING.intersection(listed)):
        # The characters listed and the other case of each ASCII letter are the ASCII matches,
        # as `regex` would answer: no other character beyond ASCII folds onto one.
        found = {code for code in listed if code < 0x80}
        if ignore_case:
            found.update([ord(chr(code).swapcase()) for code in found])
    else:
        options = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
        options |= regex.DOTALL if dotall else 0
        found = {ord(c) for c in regex.compile(source, options).findall(_ASCII)}
    if listed is None or (ignore_case and any(code >= 0x80 for code in listed)):
        return frozenset(found | _NON_ASCII)
    found.update(byte_of(code) for code in listed if code >= 0x80)
    if ignore_case:
        letters = {chr(code).lower() for code in found if code < 0x80}
        for letter, others in _FOLDED_ONTO.items():
            if letter in letters:
                found.update(byte_of(ord(other)) for other in others)
    return frozenset(found)


def _class(codes: Iterable[int]) -> str:
    """A Hyperscan character class (or single byte) of these bytes."""
    ordered = sorted(codes)
    if not ordered:
        raise _Unsure
    if len(ordered) == 1:
        return f"\\x{ordered[0]:02x}"
    runs = []
    first = last = ordered[0]
    for code in ordered[1:]:
        if code == last + 1:
            last = code
            continue
        runs.append((first, last))
        first = last = code
    runs.append((first, last))
    body = "".join(f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in runs)
    return f"[{body}]"


class BranchSet:
    """Branches collected while a run's rules compile, then looked for together: RE2's set
    tells in one pass over a text which branches may match it, and each branch's superset
    where its possible matches are. Each branch is translated when added, the set and the
    branches' expressions compiled on first use and never pickled: a worker that receives
    the rules compiles its own.

    With `lines`, a branch must match a whole line of a text of lines joined by newlines: its
    superset is anchored at the line's ends and its sets leave out the newline (a line holds
    none: text/segment.py splits there), so that no match spans two lines."""

    def __init__(self, lines: bool = False):
        self.lines = lines
        self._expressions: list[bytes] = []
        self._set: re2.Set | None = None
        self._failed = False  # RE2 could not build the set: every branch may match
        self._singles: dict[int, Callable[[Any, bytes, int, int], list[tuple[int, int]]]] = {}

    @property
    def _anything(self) -> bytes:
        """What a branch without a superset is scanned as: anything (any line, with `lines`)."""
        return _ANY_LINE if self.lines else _ANYTHING

    @property
    def size(self) -> int:
        """How many branches the set holds (ids 0 to size - 1; `matching` may also report
        the sentinel, `size`)."""
        return len(self._expressions)

    def add(self, tree: Any, ignore_case: bool) -> int:
        """The id in the set of a branch, given its syntax tree (prefilter.Reading)."""
        expression = translate(tree, ignore_case, self.lines)
        if expression is None:
            expression = self._anything
        elif self.lines:
            expression = b"(?m:^(?:" + expression + b")$)"
        self._expressions.append(expression)
        return len(self._expressions) - 1

    def matching(self, data: bytes) -> frozenset[int] | None:
        """The ids of the branches that may match `data` (`scan_bytes` of a text), or None when
        RE2 could not tell (the set too large, or its automaton out of memory): any may."""
        if self._set is None and not self._failed:
            self._set = self._compile_set()
            self._failed = self._set is None
        if self._set is None:
            return None
        found = self._set.Match(data)
        if not found or self.size not in found:  # the sentinel matches every text
            return None
        return frozenset(found)

    def first_start(self, branch: int, data: bytes, position: int) -> int | None:
        """Where the first match that the branch may have at or after `position` starts: no
        match of the branch starts before it (None: none at all)."""
        size = len(data)
        start = self._single(branch)(_UNANCHORED, data, min(position, size), size)[0][0]
        return None if start < 0 else start

    def line_ends(self, branch: int, data: bytes) -> list[int]:
        """Where each line that the branch may match whole ends (with `lines`): each match's end,
        the next search starting there (one further after an empty match), as `finditer`."""
        match, size = self._single(branch), len(data)
        ends = []
        position = 0
        while position <= size:
            start, end = match(_UNANCHORED, data, position, size)[0]
            if start < 0:
                break
            ends.append(end)
            position = end + 1 if end == position else end
        return ends

    def _compile_set(self) -> re2.Set | None:
        found = re2.Set.SearchSet(_options())
        try:
            for expression in self._expressions:
                found.Add(expression)
            found.Add(_ANYTHING)  # the sentinel: a result without it is RE2's failure
            found.Compile()
        except re2.error:
            return None
        return found

    def _single(self, branch: int) -> Callable[[Any, bytes, int, int], list[tuple[int, int]]]:
        """A branch's superset alone, compiled when first asked for: its compiled RE2's `Match`
        (anchor, data, start, end), which gives the match's span ((-1, -1): none). The wrapper's
        `search` costs two thirds of a call in Python (a generator and a match object) for
        what one call into RE2 answers, and branches are searched tens of times an article."""
        single = self._singles.get(branch)
        if single is None:
            try:
                compiled = re2.compile(self._expressions[branch], _options())
            except re2.error:  # past RE2's limits: the branch may match anything, anywhere
                compiled = re2.compile(self._anything, _options())
            single = self._singles[branch] = _span_search(compiled)
        return single

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_set": None, "_failed": False, "_singles": {}}


def _span_search(compiled: Any) -> Callable[[Any, bytes, int, int], list[tuple[int, int]]]:
    """The compiled RE2's own `Match`, reached through the wrapper's private names; where a
    release of the wrapper has renamed them, its public `search` gives the same spans, slower."""
    native = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if native is not None and _UNANCHORED is not None:
        return native

    def search(_anchor: Any, data: bytes, start: int, end: int) -> list[tuple[int, int]]:
        found = compiled.search(data, start, end)
        return [(-1, -1) if found is None else found.span()]

    return search


def _options() -> re2.Options:
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1  # one byte a character
    options.dot_nl = True
    options.never_capture = True
    options.max_mem = _MAX_MEMORY
    options.log_errors = False
    return options
