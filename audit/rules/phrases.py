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
    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, payload in entries:
            words = phrase_words(phrase)
            if not words:
                raise ValueError(f"phrase {phrase!r} has no words")
            self._by_first.setdefault(words[0], []).append((words, payload))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda entry: -len(entry[0]))  # longest first

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def matches(self, tokens: Tokens) -> Iterator[tuple[int, int, T]]:
        """Yield (first token, last token + 1, payload) for every phrase occurrence."""
        words = tokens.words
        count = len(words)
        by_first = self._by_first
        # Which tokens open a phrase is asked of the whole article at C speed; only those are
        # visited (a few in a hundred).
        for i in compress(range(count), map(by_first.__contains__, words)):
            for phrase, payload in by_first[words[i]]:
                size = len(phrase)
                if size == 1 or (i + size <= count and words[i : i + size] == phrase):
                    yield i, i + size, payload
