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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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

    def finditer(self, text: str) -> Iterator[regex.Match]:
        """Every match; the budget covers the whole iteration, the caller's work included."""
        seconds = budget(text)
        try:
            yield from self.compiled.finditer(text, timeout=seconds)
        except TimeoutError as error:
            raise RuleTimeout(seconds) from error

    def fullmatch(self, text: str) -> regex.Match | None:
        seconds = budget(text)
        try:
            return self.compiled.fullmatch(text, timeout=seconds)
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
