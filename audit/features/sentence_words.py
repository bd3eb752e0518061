"""The words of every sentence, from the tokens the segmenter already built.

The sentence models read lower-case words, figures folded to "0" (so "$40
million" and "$12 million" are the same evidence), optionally without the
words inside quotations: a hedge in a quote is the speaker's, not the writer's.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter

from audit.rules.model import slot_setters
from audit.text.document import Document

_NOT_ASCII_LOWER = re.compile("[^a-z]")


@dataclass(frozen=True, slots=True, init=False)
class SentenceWords:
    words: tuple[str, ...]
    tokens: Sequence[int]  # each word's token index (token_spans gives its offsets)

    def __init__(self, words: tuple[str, ...], tokens: Sequence[int]) -> None:
        """The frozen dataclass's own, each field set through its slot's descriptor: every
        document builds two of these a sentence (with and without quoted words)."""
        _SET_WORDS(self, words)
        _SET_TOKENS(self, tokens)


_SET_WORDS, _SET_TOKENS = slot_setters(SentenceWords)


def fold_word(word: str) -> str:
    return "0" if word[0].isdigit() else word


def token_spans(doc: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Original-text start and end of every token (computed once, kept in the analysis)."""
    return doc.analysis.once("token_spans", lambda: _token_spans(doc))


def _token_spans(doc: Document) -> tuple[tuple[int, ...], tuple[int, ...]]:
    structure = doc.structure
    tokens = structure.tokens
    view = structure.view
    if view.starts is None:
        return tokens.starts, tokens.ends
    pairs = [view.to_original(s, e) for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _folded_words(doc: Document) -> tuple[tuple[str, ...], list[int]]:
    """Every token folded, and how many tokens before each lie inside a quotation (a prefix
    count: a run of tokens holds a quoted one when the count rises across it)."""
    return doc.analysis.once("folded", lambda: _fold(doc))


def _fold(doc: Document) -> tuple[tuple[str, ...], list[int]]:
    starts, ends = token_spans(doc)
    inside = [False] * len(starts)
    for quote in doc.structure.quotes:  # quotes are few and in order, and so are tokens
        first = bisect_left(starts, quote.start)
        last = bisect_right(ends, quote.end)
        if first < last:
            inside[first:last] = [True] * (last - first)
    return _folded(doc.structure.tokens.words), [0, *accumulate(inside)]


def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    """`fold_word` of every word: only a word that opens with something other than a lower-case
    ASCII letter can open with a digit, and only those are asked (a few in a hundred)."""
    initials = "".join(map(itemgetter(0), words))
    digits = [
        m.start() for m in _NOT_ASCII_LOWER.finditer(initials) if initials[m.start()].isdigit()
    ]
    if not digits:
        return words
    folded = list(words)
    for i in digits:
        folded[i] = fold_word(words[i])
    return tuple(folded)


def sentence_words(doc: Document, skip_quotes: bool) -> tuple[SentenceWords, ...]:
    """One entry per sentence of the document, in order."""
    found = doc.analysis.words
    if skip_quotes not in found:
        found[skip_quotes] = _sentence_words(doc, skip_quotes)
    return found[skip_quotes]


def _sentence_words(doc: Document, skip_quotes: bool) -> tuple[SentenceWords, ...]:
    words, quoted = _folded_words(doc)
    if skip_quotes:  # the sentences that hold no quoted word are those of the whole runs
        return tuple(
            unit
            if quoted[unit.tokens.stop] == quoted[unit.tokens.start]
            else _unquoted(words, quoted, unit.tokens)
            for unit in sentence_words(doc, skip_quotes=False)
        )
    starts = token_spans(doc)[0]
    out = []
    for sentence in doc.structure.sentences:
        first = bisect_left(starts, sentence.start)
        last = bisect_left(starts, sentence.end, first)
        out.append(SentenceWords(words[first:last], range(first, last)))  # sliced in compiled code
    return tuple(out)


def _unquoted(words: tuple[str, ...], quoted: list[int], run: range) -> SentenceWords:
    kept = tuple(i for i in run if quoted[i + 1] == quoted[i])
    return SentenceWords(tuple(words[i] for i in kept), kept)
