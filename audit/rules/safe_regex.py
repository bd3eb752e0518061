"""Rule-pack regexes, matched under a time budget so that no pattern can hang an audit.

Packs are user input, and a pattern such as `(a|aa)+$` backtracks exponentially
on the wrong line. Patterns run on the `regex` module, which reads `re`'s syntax
with `re`'s meaning (its VERSION0) and stops a match that runs past a timeout;
the engine then skips that rule and says so. We chose a budget over RE2's
linear-time guarantee because RE2 would change what patterns mean: its `\\b`,
`\\w`, `\\s` and `\\d` are ASCII-only and its `$` is not Python's, so `\\bcafé\\b`
would silently stop matching "café".
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import regex

BASE_SECONDS = 2.0  # per pattern per document, whatever its length…
SECONDS_PER_CHAR = 10e-6  # …plus this per character: a sound pattern needs far less


class RuleTimeout(Exception):
    """A pattern ran past its budget; `seconds` is the budget it had."""

    def __init__(self, seconds: float):
        super().__init__(f"no result within {seconds:.1f} s")
        self.seconds = seconds


@dataclass(frozen=True)
class SafePattern:
    compiled: regex.Pattern

    def search(self, text: str, position: int, timeout: float) -> regex.Match | None:
        return self.compiled.search(text, position, timeout=timeout)

    def finditer(self, text: str) -> Iterator[regex.Match]:
        """Every match; the budget covers the whole iteration, the caller's work included."""
        seconds = budget(text)
        try:
            yield from self.compiled.finditer(text, timeout=seconds)
        except TimeoutError as error:
            raise RuleTimeout(seconds) from error


class Searcher(Protocol):
    """A pattern's first match at or after a position (SafePattern, or one searched only from
    where its superset may start: prefilter.Led)."""

    def search(self, text: str, position: int, timeout: float) -> regex.Match | None: ...


def first_matches(patterns: Sequence[Searcher], text: str) -> Iterator[regex.Match]:
    """The matches `finditer` finds for the alternation of `patterns`, each pattern searched
    alone: the leftmost match of any, the earlier pattern on a tie, then on from its end.

    Alone, a branch that opens with a word gets the engine's fast literal search, which the
    alternation forgoes. Each pattern's next match is kept until a match of another passes
    its start, so each scans the text about once. Only for patterns that never match empty
    and refer to no group (prefilter.separable); the budget covers the whole iteration."""
    seconds = budget(text)
    deadline = time.monotonic() + seconds
    pending: list[regex.Match | None] = [None] * len(patterns)
    live = list(range(len(patterns)))
    position = 0
    try:
        while True:
            best = None
            for i in tuple(live):
                match = pending[i]
                if match is None or match.start() < position:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise RuleTimeout(seconds)
                    match = patterns[i].search(text, position, left)
                    if match is None:
                        live.remove(i)
                        continue
                    pending[i] = match
                if best is None or match.start() < best.start():
                    best = match
            if best is None:
                return
            yield best
            position = best.end()
    except TimeoutError as error:
        raise RuleTimeout(seconds) from error


def compile_pattern(pattern: str, ignore_case: bool) -> SafePattern:
    """Compile with `re`'s syntax and meaning; raises `regex.error` (a ValueError) when invalid."""
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    return SafePattern(regex.compile(pattern, flags))


def compile_alternation(patterns: Sequence[str], ignore_case: bool) -> SafePattern:
    """The patterns as branches of one regex, each in its own group so none binds into another."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns), ignore_case)


def budget(text: str) -> float:
    return BASE_SECONDS + SECONDS_PER_CHAR * len(text)
