"""Match many phrases in one pass over an article's tokens.

A regex alternation of a large lexicon is slow in Python's backtracking engine;
indexing phrases by their first word makes matching cost about one dict lookup
per token, whatever the size of the lexicon, and only the tokens that open a
phrase are visited in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import compress
from typing import Generic, TypeVar

from audit.text.document import Tokens
from audit.text.normalize import fold
from audit.text.segment import TOKEN

T = TypeVar("T")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the tokens the segmenter would produce for it."""
    return tuple(TOKEN.findall(fold(phrase).lower()))


class PhraseIndex(Generic[T]):
    """Phrases by their first word, and those of two words or more by their first two: a common
    first word ("in", "it") opens many phrases, and only those whose second word follows it
    are compared word by word."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in entries:
            words = phrase_words(phrase)
            if not words:
                raise ValueError(f"phrase {phrase!r} has no words")
            by_first.setdefault(words[0], []).append((words, payload))
        self._singles: dict[str, list[T]] = {}
        self._by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], T]]] = {}
        for first, candidates in by_first.items():
            candidates.sort(key=lambda entry: -len(entry[0]))  # longest first
            for words, payload in candidates:
                if len(words) == 1:
                    self._singles.setdefault(first, []).append(payload)
                else:
                    self._by_pair.setdefault(words[:2], []).append((words, payload))
        self._openers = frozenset(by_first)

    def __bool__(self) -> bool:
        return bool(self._openers)

    def matches(self, tokens: Tokens) -> Iterator[tuple[int, int, T]]:
        """Yield (first token, last token + 1, payload) for every phrase occurrence, at each token
        the longest phrases first."""
        words = tokens.words
        count = len(words)
        singles, by_pair = self._singles, self._by_pair
        # Which tokens open a phrase is asked of the whole article at C speed; only those are
        # visited (a few in a hundred).
        for i in compress(range(count), map(self._openers.__contains__, words)):
            if i + 1 < count:
                for phrase, payload in by_pair.get((words[i], words[i + 1]), ()):
                    size = len(phrase)
                    if size == 2 or (i + size <= count and words[i : i + size] == phrase):
                        yield i, i + size, payload
            for payload in singles.get(words[i], ()):
                yield i, i + 1, payload
